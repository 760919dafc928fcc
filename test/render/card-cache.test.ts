import { describe, expect, it } from 'vitest';
import { newResult, type Result } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderResultCard } from '../../src/render/card.ts';

// renderResultCard keeps rendered cards by what they show (src/render/card.ts): a hit must be the same card,
// never a shared object, and anything the card shows must change the card.
const result = (init: Partial<Result> = {}): Result =>
  newResult('circuit', {
    target: 'tokyo-er',
    request: 'circuit tokyo-er',
    generatedAt: '2026-11-22T04:05:06.000Z',
    tables: [{ title: 'Facts', columns: ['Item', 'Value'], rows: [['Provider', 'Equinix'], ['Bandwidth', '1 Gbps']] }],
    ...init,
  });
const text = (r: Result, locale: 'en' | 'ja' = 'en') => JSON.stringify(renderResultCard(r, translator(locale)).card);

describe('renderResultCard cache', () => {
  it('gives the same card for the same result, as a fresh object each time', () => {
    const a = renderResultCard(result(), translator('en'));
    (a.card as { body?: unknown[] }).body!.length = 0; // a caller changing its card...
    const b = renderResultCard(result(), translator('en'));
    expect((b.card as { body: unknown[] }).body.length).toBeGreaterThan(0); // ...does not change the next one
    expect(text(result())).toBe(JSON.stringify(b.card));
  });

  it('changes the card when anything it shows changes: a cell, the minute, the locale', () => {
    const base = text(result());
    expect(text(result({ tables: [{ title: 'Facts', columns: ['Item', 'Value'], rows: [['Provider', 'Megaport'], ['Bandwidth', '1 Gbps']] }] }))).not.toBe(base);
    expect(text(result({ generatedAt: '2026-11-22T04:06:00.000Z' }))).toContain('04:06');
    expect(text(result({ generatedAt: '2026-11-22T04:05:59.000Z' }))).toBe(base); // same minute on the card
    expect(text(result({ partial: true }), 'ja')).not.toBe(text(result({ partial: true }))); // the partial label is translated
  });
});
