import { describe, expect, it } from 'vitest';
import { newResult, type Result } from '../../src/commands/result.ts';
import type { Verdict } from '../../src/diagnosis/verdict.ts';
import { translator } from '../../src/i18n/index.ts';
import { CARD_BUDGET_BYTES, renderResultCard } from '../../src/render/card.ts';
import { stripPage } from '../../src/render/format.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { bodyCommands, tables, texts } from './walk.ts';

const en = translator('en');
const ja = translator('ja');

function routes(count: number, init: Partial<Result> = {}): Result {
  return newResult('routes', {
    target: 'tokyo-er',
    request: 'routes tokyo-er primary',
    tables: [
      {
        title: 'Routes (primary)',
        columns: ['Network', 'Next hop', 'LocPrf', 'Weight', 'Path'],
        // Varying widths, so that rows per page come from measured sizes, not a constant.
        rows: Array.from({ length: count }, (_, i) => [`10.${(i >> 8) & 255}.${i & 255}.0/24`, `192.168.${i % 7}.1`, '100', String(i % 3), `65001 ${'65002 '.repeat(i % 9)}i`]),
      },
    ],
    ...init,
  });
}

function page(result: Result, n: number | undefined, t = en) {
  const rendered = renderResultCard({ ...result, page: n }, t);
  expect(rendered.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  expect(rendered.bytes).toBe(Buffer.byteLength(JSON.stringify(rendered.card), 'utf8'));
  return rendered;
}

describe('pagination within the card budget', () => {
  it('a 5,000-row table: every page fits, pages cover all rows exactly once, buttons carry the right page', () => {
    const result = routes(5000);
    const first = page(result, undefined);
    expectValidCard(first.card);
    const line = texts(first.card).find((s) => s.startsWith('Page 1 of '))!;
    const pages = Number(/Page 1 of (\d+)/.exec(line)![1]);
    expect(pages).toBeGreaterThan(10);

    const seen: string[] = [];
    let expectedFrom = 1;
    for (let n = 1; n <= pages; n++) {
      const { card } = n === 1 ? first : page(result, n);
      const rows = tables(card)[0]!.rows;
      expect(rows.length).toBeGreaterThan(0);
      seen.push(...rows.map((r) => r[0]!));
      const from = expectedFrom;
      const to = from + rows.length - 1;
      expect(texts(card)).toContain(`Page ${n} of ${pages} (rows ${from}–${to} of 5000)`);
      expectedFrom = to + 1;
      const buttons = bodyCommands(card);
      const expected = [
        ...(n > 1 ? [{ title: '◀ Previous page', command: `routes tokyo-er primary page ${n - 1}` }] : []),
        ...(n < pages ? [{ title: 'Next page ▶', command: `routes tokyo-er primary page ${n + 1}` }] : []),
      ];
      expect(buttons).toEqual(expected);
    }
    expect(seen).toEqual(result.tables[0]!.rows.map((r) => r[0]));
    // Pages are filled: not one row more would have fit (the greedy packing uses the budget).
    expect(first.bytes).toBeGreaterThan(CARD_BUDGET_BYTES * 0.9);
  });

  it('replaces an existing "page N" in the request', () => {
    const result = routes(2000, { request: 'routes tokyo-er page 3 primary' });
    const { card } = page(result, 3);
    expect(bodyCommands(card).map((b) => b.command)).toEqual(['routes tokyo-er primary page 2', 'routes tokyo-er primary page 4']);
    expect(stripPage('arp table page 12 x PAGE 2')).toBe('arp table x');
  });

  it('paginates across several tables, showing each table only where it has rows', () => {
    const result = routes(1500);
    result.tables.push({ title: 'Routes (secondary)', columns: ['Network', 'Next hop'], rows: Array.from({ length: 1500 }, (_, i) => [`s-${i}`, 'x']) });
    const first = page(result, 1);
    const pages = Number(/of (\d+)/.exec(texts(first.card).find((s) => s.startsWith('Page 1 of '))!)![1]);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const { card } = page(result, n);
      expectValidCard(card);
      for (const table of tables(card)) seen.push(...table.rows.map((r) => r[0]!));
    }
    expect(seen).toEqual([...result.tables[0]!.rows.map((r) => r[0]), ...result.tables[1]!.rows.map((r) => r[0])]);
  });

  it('a page past the end shows the last page and says so', () => {
    const result = routes(3000);
    const { card } = page(result, 999);
    const line = texts(card).find((s) => s.startsWith('Page '))!;
    const [, shown, pages] = /Page (\d+) of (\d+)/.exec(line)!;
    expect(shown).toBe(pages);
    expect(texts(card)).toContain(`There is no page 999; showing page ${pages} of ${pages}.`);
  });

  it('a table that fits needs no pager', () => {
    const { card } = page(routes(20), undefined);
    expect(texts(card).some((s) => s.startsWith('Page '))).toBe(false);
    expect(tables(card)[0]!.rows).toHaveLength(20);
  });

  it('in Japanese', () => {
    const { card } = page(routes(3000), 2, ja);
    expectValidCard(card);
    expect(texts(card).some((s) => /^2 \/ \d+ ページ \(3000 行中 \d+–\d+ 行目\)$/.test(s))).toBe(true);
    expect(bodyCommands(card).map((b) => b.title)).toEqual(['◀ 前のページ', '次のページ ▶']);
  });
});

describe('shortening when even one row or the verdicts exceed the budget', () => {
  it('a single huge cell is shortened with an ellipsis and a note', () => {
    const huge = 'x'.repeat(100_000);
    const result = newResult('show', { request: 'show', tables: [{ title: 'T', columns: ['Key', 'Value'], rows: [['a', 'short'], ['b', huge], ['c', 'short']] }] });
    const { card, bytes } = renderResultCard(result, en);
    expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expectValidCard(card);
    const allRows = tables(card).flatMap((t) => t.rows);
    const b = allRows.find((r) => r[0] === 'b')!;
    expect(b[1]!.endsWith('…')).toBe(true);
    expect(b[1]!.length).toBeLessThan(huge.length);
    expect(texts(card)).toContain("Some long texts were shortened (…) to fit Teams' card size limit; the CLI with --json shows them in full.");
  });

  it('verdicts alone over the budget: shortened, fewer shown, and said so', () => {
    const verdicts: Verdict[] = Array.from({ length: 200 }, (_, i) => ({
      ruleId: `R${i}`,
      severity: i % 2 ? 'warning' : 'critical',
      title: `Finding ${i}`,
      detail: 'd'.repeat(2_000),
      evidence: Array.from({ length: 30 }, (_, j) => `evidence ${j} ${'e'.repeat(300)}`),
      nextSteps: ['step'.repeat(200)],
    }));
    const result = routes(3000, { verdicts });
    const { card, bytes } = renderResultCard(result, en);
    expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expectValidCard(card);
    const all = texts(card);
    expect(all.some((s) => /^\d+ less severe findings are not shown here/.test(s))).toBe(true);
    expect(all).toContain("Some long texts were shortened (…) to fit Teams' card size limit; the CLI with --json shows them in full.");
    expect(all.some((s) => s.endsWith('…'))).toBe(true);
    // The table is still paginated, not dropped.
    expect(all.some((s) => s.startsWith('Page 1 of '))).toBe(true);
  });

  it('a cell with thousands of lines is cut to a few, with a count of the rest', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const { card, bytes } = renderResultCard(newResult('show', { tables: [{ title: 'T', columns: ['Lines'], rows: [[many]] }] }), en);
    expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expectValidCard(card);
    expect(tables(card)[0]!.rows[0]![0]).toMatch(/… and \d+ more/);
  });

  it('never exceeds the budget, whatever the result holds', () => {
    const absurd = newResult('x'.repeat(50_000), {
      target: 'y'.repeat(50_000),
      request: 'z'.repeat(50_000),
      notes: Array.from({ length: 500 }, () => 'n'.repeat(500)),
      followUps: Array.from({ length: 500 }, (_, i) => ({ title: 't'.repeat(500), command: `c${i}${'c'.repeat(500)}` })),
      verdicts: Array.from({ length: 500 }, (_, i) => ({ ruleId: `${i}`, severity: 'info' as const, title: 't'.repeat(5_000), detail: 'd', evidence: [], nextSteps: [] })),
      tables: Array.from({ length: 50 }, (_, i) => ({ title: `T${i}${'t'.repeat(1_000)}`, columns: Array.from({ length: 9 }, (_, c) => `c${c}${'h'.repeat(200)}`), rows: [['r']] })),
    });
    const { card, bytes } = renderResultCard(absurd, en);
    expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expectValidCard(card);
  });
});
