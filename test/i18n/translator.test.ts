import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';

// The translator memoizes (src/i18n/index.ts): what it returns must not depend on what was asked before.
describe('translator', () => {
  const t = translator('en');

  it('gives each set of values its own text, however often and in whatever order it is asked', () => {
    const ask = (length: unknown, max: unknown) => t('errors:too-long', { length, max });
    const first = ask(20000, 10000);
    expect(first).toContain('20000');
    expect(ask('20000', 10000)).toBe(first); // the same text for the same shown value
    expect(ask(30000, 10000)).toContain('30000');
    expect(ask(20000, 10000)).toBe(first);
    // Values that could run together in a naive key stay apart.
    expect(ask(1, 23)).not.toBe(ask(12, 3));
    expect(ask('a\u0000max\u00001', 2)).toContain('a\u0000max\u00001');
  });

  it('translates values that are not plain (objects) without memoizing them wrongly', () => {
    const a = t('errors:too-long', { length: { toString: () => 'A' }, max: 1 });
    const b = t('errors:too-long', { length: { toString: () => 'B' }, max: 1 });
    expect(a).not.toBe(b);
  });

  it('keeps the locales apart', () => {
    expect(translator('ja')('errors:too-long', { length: 5, max: 1 })).not.toBe(t('errors:too-long', { length: 5, max: 1 }));
  });
});
