/** Helpers shared by the handlers: paging, required parameters, starting an LRO. */
import type { LroOutcome } from '../lro.ts';
import type { Reply } from '../reply.ts';
import type { HandlerContext } from '../router.ts';
import type { LroOperation, LroOverride } from '../world-schema.ts';

export function param(ctx: HandlerContext, name: string): string {
  return ctx.params[name] ?? '';
}

/**
 * One page of a list, ARM style: `{value, nextLink}` with an absolute nextLink built from the emulator's own
 * base URL, carrying the caller's query plus `$skiptoken`.
 */
export function page(ctx: HandlerContext, items: readonly unknown[]): Reply {
  const size = ctx.world.settings.pageSize;
  const token = Number(ctx.query.get('$skiptoken') ?? '0');
  const skip = Number.isInteger(token) && token > 0 ? token : 0;
  const value = items.slice(skip, skip + size);
  const body: Record<string, unknown> = { value };
  if (skip + size < items.length) {
    const parts: string[] = [];
    for (const [k, v] of ctx.query) {
      if (k !== '$skiptoken') parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    }
    parts.push(`$skiptoken=${skip + size}`);
    body.nextLink = `${ctx.baseUrl}${ctx.path}?${parts.join('&')}`;
  }
  return { status: 200, body };
}

/** Starts an LRO whose outcome is `outcome` unless a fault says it fails or never ends. */
export function startLro(
  ctx: HandlerContext,
  spec: {
    operation: LroOperation;
    subscriptionId: string;
    location: string;
    overrides: readonly (LroOverride | undefined)[];
    outcome: () => LroOutcome;
  },
): Promise<Reply> {
  const outcome: LroOutcome = ctx.lroFault ?? spec.outcome();
  return ctx.lro.start({
    operation: spec.operation,
    subscriptionId: spec.subscriptionId,
    location: spec.location,
    overrides: spec.overrides,
    apiVersion: ctx.apiVersion,
    outcome,
  });
}

export function succeed(body: unknown): LroOutcome {
  return { kind: 'succeed', body };
}
