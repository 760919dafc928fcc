import { describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors.ts';
import { closestNames, resolveByName } from '../../src/azure/resolve.ts';

const items = [
  { name: 'tokyo-er', subscriptionId: 's1', resourceGroup: 'rg-er-prod' },
  { name: 'tokyo-er-dr', subscriptionId: 's2', resourceGroup: 'rg-er-dr' },
  { name: 'osaka-er', subscriptionId: 's1', resourceGroup: 'rg-er-prod' },
  { name: 'london-er', subscriptionId: 's1', resourceGroup: 'rg-er-prod' },
];

function thrown(fn: () => unknown): AzureError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AzureError) return e;
    throw e;
  }
  throw new Error('expected an AzureError');
}

describe('resolveByName', () => {
  it('prefers an exact, case-insensitive name over longer names that share the prefix', () => {
    expect(resolveByName(items, 'TOKYO-ER', 'circuit').name).toBe('tokyo-er');
  });

  it('accepts a unique prefix', () => {
    expect(resolveByName(items, 'osa', 'circuit').name).toBe('osaka-er');
  });

  it('calls an ambiguous prefix ambiguous and lists the candidates', () => {
    const e = thrown(() => resolveByName(items, 'tokyo', 'circuit'));
    expect(e.kind).toBe('ambiguous');
    expect(e.suggestions).toEqual(['tokyo-er', 'tokyo-er-dr']);
  });

  it('distinguishes equal names in two resource groups by their group', () => {
    const twins = [
      { name: 'hub', subscriptionId: 's1', resourceGroup: 'rg-a' },
      { name: 'hub', subscriptionId: 's2', resourceGroup: 'rg-b' },
    ];
    const e = thrown(() => resolveByName(twins, 'hub', 'gateway'));
    expect(e.suggestions).toEqual(['hub (rg-a)', 'hub (rg-b)']);
  });

  it('answers a typo with "did you mean"', () => {
    const e = thrown(() => resolveByName(items, 'tokio-er', 'circuit'));
    expect(e.kind).toBe('not-found');
    expect(e.resourceType).toBe('circuit');
    expect(e.suggestions[0]).toBe('tokyo-er');
  });

  it('suggests nothing for a name unlike any other', () => {
    expect(thrown(() => resolveByName(items, 'zzzzzzzzzz', 'circuit')).suggestions).toEqual([]);
  });
});

describe('closestNames', () => {
  it('ranks by edit distance and caps the list', () => {
    expect(closestNames('londn-er', ['london-er', 'osaka-er', 'tokyo-er'])).toEqual(['london-er']);
    expect(closestNames('er', ['a-er', 'b-er', 'c-er', 'd-er'], 2)).toHaveLength(2);
  });
});
