/**
 * A hand-rolled route table: ARM paths are case-insensitive ("ExpressRoutePorts", "resourcegroups"...),
 * which the usual routers do not do, and we need an operation name and an RBAC action per route anyway.
 * Templates use ARM's {placeholder} spelling; each compiles to an anchored, case-insensitive regex.
 */
import type { LroManager } from './lro.ts';
import type { Random } from './prng.ts';
import type { Reply } from './reply.ts';
import type { World } from './world.ts';
import type { ArmErrorSpec } from './world-schema.ts';

export interface HandlerContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  world: World;
  /** https://127.0.0.1:port, no trailing slash: every Location / nextLink is built from it. */
  baseUrl: string;
  /** Normalised request path (no query, `//` collapsed). */
  path: string;
  apiVersion: string;
  operation: string;
  lro: LroManager;
  random: Random;
  /** Set when an lro-fail / lro-never / replace-body fault applies to this request (it decides the outcome). */
  lroFault?: { kind: 'fail'; error: ArmErrorSpec } | { kind: 'never' } | { kind: 'succeed'; body: unknown };
  /** Whether world.forbidden lets the caller perform `action` on `id` (to filter subscription-wide lists). */
  allowed(id: string, action: string): boolean;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

export interface RouteDef {
  method: 'GET' | 'POST';
  template: string;
  /** Short stable name, recorded per request (benchmarks count ARM calls by it). */
  operation: string;
  /** RBAC action the request needs; world.forbidden is checked against it over the request path. */
  action: string;
  /** The request starts a long-running operation (lro-fail / lro-never faults apply to it). */
  startsLro?: boolean;
  handler: Handler;
}

interface CompiledRoute {
  def: RouteDef;
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'match'; route: RouteDef; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteDef[]) {
    this.#routes = routes.map((def) => {
      const names: string[] = [];
      const pattern = def.template
        .split('/')
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m) return escape(seg);
          names.push(m[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { def, regex: new RegExp(`^${pattern}$`, 'i'), names };
    });
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const r of this.#routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.def.method !== method) {
        allowed.push(r.def.method);
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        const raw = m[i + 1] ?? '';
        try {
          params[n] = decodeURIComponent(raw);
        } catch {
          params[n] = raw;
        }
      });
      return { kind: 'match', route: r.def, params };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'none' };
  }
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/{provider}` */
export const rgProvider = (provider: 'Microsoft.Network' | 'Microsoft.Compute') =>
  `/subscriptions/{sub}/resourceGroups/{rg}/providers/${provider}`;
/** `/subscriptions/{sub}/providers/{provider}` */
export const subProvider = (provider: 'Microsoft.Network' | 'Microsoft.Compute') => `/subscriptions/{sub}/providers/${provider}`;
