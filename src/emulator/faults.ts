/**
 * Injected faults: throttling, errors, slowness, failing or endless LROs, dropped sockets, and 200s whose body
 * is replaced (answers without the shape ARM documents). Rules come from the world file and from
 * tests/benchmarks at run time. The first enabled rule that matches a request applies (in the order added);
 * `count` rules disable themselves after N uses, `probability` rules draw from the seeded PRNG so a run
 * repeats exactly.
 */
import { randomUUID } from 'node:crypto';
import type { Random } from './prng.ts';
import { type FaultRule, faultRuleSchema } from './world-schema.ts';

export type { FaultRule } from './world-schema.ts';

type ParsedRule = ReturnType<typeof faultRuleSchema.parse>;

interface ActiveRule {
  id: string;
  rule: ParsedRule;
  remaining: number | undefined;
}

export interface FaultRequest {
  method: string;
  operation: string;
  path: string;
  /** The request starts a long-running operation (lro-fail / lro-never only apply to these). */
  startsLro: boolean;
}

export class FaultRuleError extends Error {
  override name = 'FaultRuleError';
}

/** Validates a rule (from JSON or code) with the world schema; throws FaultRuleError with the bad fields. */
export function parseFaultRule(rule: unknown): ParsedRule {
  const r = faultRuleSchema.safeParse(rule);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`);
    throw new FaultRuleError(`Invalid fault rule: ${lines.join('; ')}`);
  }
  return r.data;
}

function operationMatches(pattern: string, operation: string): boolean {
  const p = pattern.toLowerCase();
  const op = operation.toLowerCase();
  return p.endsWith('*') ? op.startsWith(p.slice(0, -1)) : op === p;
}

export class FaultRegistry {
  #rules: ActiveRule[] = [];
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  add(rule: FaultRule): string {
    const parsed = parseFaultRule(rule);
    const id = parsed.id ?? `fault-${randomUUID().slice(0, 8)}`;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    this.#rules.push({ id, rule: parsed, remaining: parsed.count });
    return id;
  }

  remove(id: string): void {
    this.#rules = this.#rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.#rules = [];
  }

  list(): (ParsedRule & { id: string; remaining?: number })[] {
    return this.#rules.map((r) => ({ ...r.rule, id: r.id, ...(r.remaining === undefined ? {} : { remaining: r.remaining }) }));
  }

  /** The fault to apply to this request, if any; consumes one use of a counted rule. */
  match(req: FaultRequest): ParsedRule | undefined {
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.remaining !== undefined && active.remaining <= 0) continue;
      if ((rule.kind === 'lro-fail' || rule.kind === 'lro-never') && !req.startsLro) continue;
      if (rule.method && rule.method.toUpperCase() !== req.method) continue;
      if (rule.operation && !operationMatches(rule.operation, req.operation)) continue;
      if (rule.pathIncludes && !req.path.toLowerCase().includes(rule.pathIncludes.toLowerCase())) continue;
      if (rule.probability !== undefined && !(this.#random() < rule.probability)) continue;
      if (active.remaining !== undefined) active.remaining--;
      return rule;
    }
    return undefined;
  }
}
