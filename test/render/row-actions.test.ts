/**
 * Table.rowActions in the card: each row with an action gets its last cell as a clickable Container (the
 * buttons' Action.Execute), sized exactly by the page budget, on every page of a long table.
 */
import { describe, expect, it } from 'vitest';
import { newResult, type Result } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { actionBytes, CARD_BUDGET_BYTES, renderResultCard, rowBytes, RUN_VERB } from '../../src/render/card.ts';
import { jsonBytes } from '../../src/render/format.ts';
import { renderText } from '../../src/render/text.ts';
import { expandRow } from '../../src/render/templates.ts';
import { rowView } from '../../src/render/view-model.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { findAll, tables, texts } from './walk.ts';

const en = translator('en');

/** Every clickable container: the row it is in (first cell's first line), its command, verb and texts. */
function taps(card: Record<string, unknown>): { row: string; command: string; verb: string; origin: string; text: string }[] {
  const rows = findAll(card.body, (n) => n.type === 'TableRow');
  return rows.flatMap((row) => {
    const firstRun = findAll(row, (n) => n.type === 'TextRun')[0];
    return findAll(row, (n) => n.type === 'Container' && typeof n.selectAction === 'object').map((c) => {
      const a = c.selectAction as { type: string; verb: string; data: { command: string; origin: string } };
      expect(a.type).toBe('Action.Execute');
      return {
        row: String(firstRun?.text ?? ''),
        command: a.data.command,
        verb: a.verb,
        origin: a.data.origin,
        text: findAll(c.items, (n) => n.type === 'TextRun').map((r) => String(r.text)).join('\n'),
      };
    });
  });
}

function listing(count: number, action: (i: number) => { title: string; command: string } | null): Result {
  return newResult('circuits', {
    request: 'circuits',
    tables: [
      {
        title: 'Circuits',
        columns: ['Circuit', 'State'],
        rows: Array.from({ length: count }, (_, i) => [`c${i}-er\nProvider ${i % 7}`, `Provider: Provisioned\nCircuit: ${i % 3 ? 'Enabled' : 'Disabled'}`]),
        rowActions: Array.from({ length: count }, (_, i) => action(i)),
      },
    ],
  });
}

describe('row actions', () => {
  it('are measured exactly: the row template with its action, whatever the texts', () => {
    const samples: { cells: string[][]; title: string; command: string; origin: string }[] = [
      { cells: [['a'], ['b']], title: '▸ bgp status', command: 'bgp status tokyo-er', origin: 'circuits' },
      { cells: [['name', 'detail'], ['x'], ['"quoted" \\ back', 'two', 'three']], title: '▸ bgp status で診断', command: 'bgp status "a b"', origin: 'circuits tokyo' },
      { cells: [['only']], title: '', command: 'gateway hub-ergw', origin: '' },
      // Bidi controls: shown escaped (longer), sent back exact (issue 15, point 8).
      { cells: [['tokyo\u202Ere-ter'], ['x\u2067y\u2069']], title: '▸ bgp status \u202E', command: 'bgp status tokyo\u202Ere-ter', origin: 'circuits \u200F' },
    ];
    for (const s of samples) {
      const action = { title: s.title, command: s.command };
      const exact = jsonBytes(expandRow(rowView(s.cells, action, s.origin))) + 1; // + the comma before it
      expect(rowBytes(s.cells) + actionBytes(s.cells.length, action, s.origin)).toBe(exact);
    }
    expect(actionBytes(2, undefined, 'circuits')).toBe(0);
  });

  it('put the action on the row’s last cell, with its title under the text, and leave rows without one alone', () => {
    const r = listing(4, (i) => (i === 2 ? null : { title: '▸ bgp status', command: `bgp status c${i}-er` }));
    const { card } = renderResultCard(r, en);
    expectValidCard(card);
    const found = taps(card);
    expect(found.map((x) => x.command)).toEqual(['bgp status c0-er', 'bgp status c1-er', 'bgp status c3-er']);
    for (const x of found) {
      expect(x).toMatchObject({ verb: RUN_VERB, origin: 'circuits' });
      expect(x.row).toBe(x.command.replace('bgp status ', ''));
      expect(x.text.endsWith('\n▸ bgp status')).toBe(true);
    }
    // Cells keep their order and text; the one without an action has no extra line.
    const rows = tables(card)[0]!.rows;
    expect(rows[2]!.at(-1)).toBe('Provider: Provisioned\nCircuit: Enabled');
    expect(rows[0]!.at(-1)).toBe('Provider: Provisioned\nCircuit: Disabled\n▸ bgp status');
    // No extra buttons, and the text output shows no action lines.
    expect(card.actions).toBeUndefined();
    expect(renderText(r, en)).not.toContain('▸ bgp status');
  });

  it('a long table: every page within the budget, every row once, each with its own action', () => {
    const r = listing(500, (i) => ({ title: '▸ bgp status', command: `bgp status c${i}-er` }));
    const first = renderResultCard(r, en);
    const line = texts(first.card).find((s) => s.startsWith('Page 1 of '))!;
    const pages = Number(/Page 1 of (\d+)/.exec(line)![1]);
    expect(pages).toBeGreaterThan(1);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const { card, bytes } = n === 1 ? first : renderResultCard({ ...r, page: n }, en);
      expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(bytes).toBe(Buffer.byteLength(JSON.stringify(card), 'utf8'));
      expect(texts(card).join('\n')).not.toMatch(/shortened/i);
      const found = taps(card);
      expect(found.length).toBe(tables(card)[0]!.rows.length);
      for (const x of found) expect(x.command).toBe(`bgp status ${x.row}`);
      seen.push(...found.map((x) => x.row));
      if (n === 1) expectValidCard(card);
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => `c${i}-er`));
  });
});
