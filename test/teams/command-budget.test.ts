import { describe, expect, it } from 'vitest';
import { commandBudget, PROBE_BUDGET_MS } from '../../src/teams/bot.ts';

describe('commandBudget', () => {
  it('gives Azure commands the call budget plus 30 s', () => {
    expect(commandBudget('azure', undefined, 60_000)).toBe(90_000);
  });

  it('gives probe commands room for the longest probe run (agent cap 120 s)', () => {
    expect(commandBudget('probe', undefined, 60_000)).toBe(PROBE_BUDGET_MS);
    expect(PROBE_BUDGET_MS).toBeGreaterThan(120_000);
    // A longer Azure budget still wins for probes that also read Azure.
    expect(commandBudget('probe', undefined, 200_000)).toBe(230_000);
  });

  it('a configured budget is taken as given', () => {
    expect(commandBudget('probe', 5_000, 60_000)).toBe(5_000);
    expect(commandBudget('azure', 5_000, 60_000)).toBe(5_000);
  });
});
