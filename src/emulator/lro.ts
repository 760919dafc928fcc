/**
 * Long-running operations the way Microsoft.Network runs its POST actions, in the three styles the v39 SDK
 * copes with (azure-arm.md, "LRO shapes that work with v39"):
 *   location: POST -> 202 + Location; GET Location -> 202 while running, then 200 + result.
 *   async:    POST -> 202 + Azure-AsyncOperation + Location (Location is required: without it the SDK
 *             deserialises the status body as the result); GET async URL -> {status: InProgress|Succeeded|Failed};
 *             then GET Location -> the result.
 *   sync:     POST -> 200 + result, after the operation's duration.
 * The result is fixed when the operation starts; completion is a matter of time (duration x lroDurationScale).
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from './arm-errors.ts';
import type { Reply } from './reply.ts';
import {
  type ArmErrorSpec,
  DEFAULT_LRO_DURATIONS_MS,
  type LroOperation,
  type LroOverride,
  type LroStyle,
  type WorldSettings,
} from './world-schema.ts';

export type LroOutcome = { kind: 'succeed'; body: unknown } | { kind: 'fail'; error: ArmErrorSpec } | { kind: 'never' };

export interface LroStart {
  operation: LroOperation;
  subscriptionId: string;
  /** Region in the operation URLs, as ARM puts it (…/locations/{region}/operationResults/{id}). */
  location: string;
  /** Per-resource settings, most specific first (e.g. the circuit's); they win over the world settings. */
  overrides: readonly (LroOverride | undefined)[];
  apiVersion: string;
  outcome: LroOutcome;
}

interface Operation {
  id: string;
  subscriptionId: string;
  startedAt: number;
  readyAt: number;
  outcome: LroOutcome;
  resultUrl: string;
}

const MAX_OPERATIONS = 10_000;
// unref: a pending sync-style answer must not keep a test process alive after close().
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export interface LroManagerOptions {
  baseUrl: () => string;
  settings: () => WorldSettings['lro'];
  durationScale: number;
}

export class LroManager {
  readonly #ops = new Map<string, Operation>();
  readonly #opts: LroManagerOptions;

  constructor(opts: LroManagerOptions) {
    this.#opts = opts;
  }

  style(operation: LroOperation, overrides: readonly (LroOverride | undefined)[]): LroStyle {
    for (const o of overrides) {
      const s = o?.styles?.[operation] ?? o?.style;
      if (s) return s;
    }
    const settings = this.#opts.settings();
    return settings.styles[operation] ?? settings.style;
  }

  /** Scaled duration in ms. */
  duration(operation: LroOperation, overrides: readonly (LroOverride | undefined)[]): number {
    let ms: number | undefined;
    for (const o of overrides) {
      ms ??= o?.durationsMs?.[operation];
    }
    ms ??= this.#opts.settings().durationsMs[operation] ?? DEFAULT_LRO_DURATIONS_MS[operation];
    return Math.max(0, Math.round(ms * this.#opts.durationScale));
  }

  async start(s: LroStart): Promise<Reply> {
    const style = this.style(s.operation, s.overrides);
    const durationMs = this.duration(s.operation, s.overrides);

    if (style === 'sync') {
      if (s.outcome.kind === 'never') return { status: 200, hang: true };
      await sleep(durationMs);
      return s.outcome.kind === 'succeed' ? { status: 200, body: s.outcome.body } : errorReply(s.outcome.error);
    }

    const id = randomUUID();
    const now = Date.now();
    const base = `${this.#opts.baseUrl()}/subscriptions/${s.subscriptionId}/providers/Microsoft.Network/locations/${s.location}`;
    const query = `?api-version=${encodeURIComponent(s.apiVersion)}`;
    const op: Operation = {
      id,
      subscriptionId: s.subscriptionId,
      startedAt: now,
      readyAt: now + durationMs,
      outcome: s.outcome,
      resultUrl: `${base}/operationResults/${id}${query}`,
    };
    this.#remember(op);

    const headers: Record<string, string> = { Location: op.resultUrl, ...this.#retryAfter() };
    if (style === 'async') headers['Azure-AsyncOperation'] = `${base}/operations/${id}${query}`;
    return { status: 202, headers };
  }

  /** GET on the Location URL: 202 while running, then the result (or the error). */
  pollResult(subscriptionId: string, id: string): Reply {
    const op = this.#find(subscriptionId, id);
    if (!this.#done(op)) return { status: 202, headers: { Location: op.resultUrl, ...this.#retryAfter() } };
    return op.outcome.kind === 'succeed' ? { status: 200, body: op.outcome.body } : errorReply((op.outcome as { error: ArmErrorSpec }).error);
  }

  /** GET on the Azure-AsyncOperation URL: the operation's status document. */
  pollStatus(subscriptionId: string, id: string): Reply {
    const op = this.#find(subscriptionId, id);
    const doc: Record<string, unknown> = { name: id, startTime: new Date(op.startedAt).toISOString() };
    if (!this.#done(op)) return { status: 200, body: { ...doc, status: 'InProgress' }, headers: this.#retryAfter() };
    doc.endTime = new Date(op.readyAt).toISOString();
    if (op.outcome.kind === 'succeed') return { status: 200, body: { ...doc, status: 'Succeeded' } };
    const { code, message } = (op.outcome as { error: ArmErrorSpec }).error;
    return { status: 200, body: { ...doc, status: 'Failed', error: { code, message } } };
  }

  #done(op: Operation): boolean {
    return op.outcome.kind !== 'never' && Date.now() >= op.readyAt;
  }

  #retryAfter(): Record<string, string> {
    const s = this.#opts.settings().retryAfterSeconds;
    return s === undefined ? {} : { 'Retry-After': String(s) };
  }

  #find(subscriptionId: string, id: string): Operation {
    const op = this.#ops.get(id.toLowerCase());
    if (!op || op.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
      throw new ArmError(404, 'NotFound', `The operation '${id}' was not found.`);
    }
    return op;
  }

  #remember(op: Operation): void {
    this.#ops.set(op.id.toLowerCase(), op);
    if (this.#ops.size > MAX_OPERATIONS) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#ops.keys().next().value;
      if (oldest !== undefined) this.#ops.delete(oldest);
    }
  }
}

function errorReply(e: ArmErrorSpec): Reply {
  return { status: e.status, body: { error: { code: e.code, message: e.message } } };
}
