/**
 * Validation of `POST /v1/probes/tcp` bodies (docs/probe-agent-api.md). Every refusal names the field.
 * Unknown fields are refused too: a misspelt "intervalMS" must not silently fall back to the default.
 */
import { z } from 'zod';
import { worstCaseMs } from './measure.ts';
import { parseTarget, TargetError, type ParsedTarget } from './target.ts';

export interface ProbeLimits {
  /** Measured probes per target, at most. */
  maxCount: number;
  /** Worst-case duration of one request (every probe timing out), at most. */
  maxDurationMs: number;
  /** Jobs running at once on this agent. */
  maxConcurrent: number;
}

export interface ProbeRequest {
  targets: ParsedTarget[];
  count: number;
  warmup: number;
  intervalMs: number;
  timeoutMs: number;
}

export const WARMUP_MAX = 10;
export const INTERVAL_MAX_MS = 10_000;
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 10_000;

function int(min: number, max: number, note = '') {
  return z
    .number({
      error: (iss) => (iss.input === undefined ? 'is required' : `must be an integer from ${min} to ${max}${note}`),
    })
    .int()
    .min(min)
    .max(max);
}

function schema(limits: ProbeLimits) {
  const target = z.string({ error: 'must be a string "host:port"' });
  return z.strictObject({
    target: target.optional(),
    targets: z
      .array(target, { error: 'must be an array of one or two "host:port" strings' })
      .min(1, { error: 'must list one or two targets' })
      .max(2, { error: 'at most two targets per request (one, or an interleaved pair)' })
      .optional(),
    count: int(1, limits.maxCount, " (the agent's maxCount)"),
    warmup: int(0, WARMUP_MAX).default(1),
    intervalMs: int(0, INTERVAL_MAX_MS).default(1000),
    timeoutMs: int(TIMEOUT_MIN_MS, TIMEOUT_MAX_MS).default(2000),
  });
}

export type Validated = { ok: true; value: ProbeRequest } | { ok: false; message: string };

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

export function validateProbeRequest(body: unknown, limits: ProbeLimits): Validated {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'the body must be a JSON object' };
  }
  const parsed = schema(limits).safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return { ok: false, message: 'invalid request' };
    if (issue.code === 'unrecognized_keys') {
      return { ok: false, message: `${issue.keys.map((k) => `"${k}"`).join(', ')}: unknown field (expected target or targets, count, warmup, intervalMs, timeoutMs)` };
    }
    return { ok: false, message: `${fieldName(issue.path)}: ${issue.message}` };
  }
  const v = parsed.data;
  if (v.target !== undefined && v.targets !== undefined) return { ok: false, message: 'target, targets: give one of them, not both' };
  if (v.target === undefined && v.targets === undefined) return { ok: false, message: 'target: is required (or targets: two targets to interleave)' };
  const texts = v.target !== undefined ? [v.target] : (v.targets ?? []);
  const field = (i: number) => (v.target !== undefined ? 'target' : `targets[${i}]`);
  const targets: ParsedTarget[] = [];
  for (const [i, text] of texts.entries()) {
    try {
      targets.push(parseTarget(text));
    } catch (e) {
      if (e instanceof TargetError) return { ok: false, message: `${field(i)}: ${e.message}` };
      throw e;
    }
  }
  if (targets.length === 2 && targets[0]?.label === targets[1]?.label) {
    return { ok: false, message: 'targets: the two targets must differ' };
  }
  const worst = worstCaseMs(v, targets.length);
  if (worst > limits.maxDurationMs) {
    return {
      ok: false,
      message:
        `count, intervalMs, timeoutMs: this request could take up to ${worst} ms ` +
        `((count + warmup - 1) x intervalMs + (count + warmup) x ${targets.length > 1 ? 'targets x ' : ''}timeoutMs), ` +
        `above the agent's maxDurationMs of ${limits.maxDurationMs} ms; lower count, intervalMs or timeoutMs`,
    };
  }
  return { ok: true, value: { targets, count: v.count, warmup: v.warmup, intervalMs: v.intervalMs, timeoutMs: v.timeoutMs } };
}
