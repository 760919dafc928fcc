/**
 * User-supplied text (command text, resource names, evidence from Azure) must never be evaluated as a
 * template expression: adaptivecards-templating parses the template once and inserts $root values as they
 * are. These tests pin that down for every place a string can reach a card.
 */
import * as ACData from 'adaptivecards-templating/lib/template-engine.js';
import { describe, expect, it } from 'vitest';
import { errorResult, newResult } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderResultCard, renderWorkingCard } from '../../src/render/card.ts';
import { BUTTON_FONT, clipToWidth, LABEL_MAX_PX } from '../../src/render/fit.ts';
import { echoLine } from '../../src/render/view-model.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { actions, bodyCommands, findAll, tables, texts } from './walk.ts';

const t = translator('en');

const CARD_LIKE = JSON.stringify({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${$root.fallbackText}' }], $data: '${verdicts}', $when: '${true}' });
const NASTY = ['${1+1}', '${$root}', '{{x}}', '${string(1)}', '${$root.header.command} and ${missing}', '${', '$t(common:retry)', CARD_LIKE, '${concat("a","b")}', '[link](https://example.invalid)'];

describe('template injection', () => {
  it('(control) the same markers in a template are evaluated, in data they are not', () => {
    const out = new ACData.Template({ a: '${1+1}', b: '${value}', c: 'x ${value} y' }).expand({ $root: { value: '${1+1}' } });
    expect(out).toEqual({ a: 2, b: '${1+1}', c: 'x ${1+1} y' });
  });

  it('every string of a Result comes out verbatim in the result card', () => {
    for (const s of NASTY) {
      const result = newResult(`cmd ${s}`, {
        target: s,
        request: `arp table ${s}`,
        notes: [s],
        verdicts: [{ ruleId: s, severity: 'critical', title: s, detail: s, evidence: [s], nextSteps: [s], scope: s }],
        tables: [{ title: s, columns: [s, 'b'], rows: [[s, s]], note: s }],
        followUps: [{ title: s, command: `arp table ${s}` }],
      });
      const { card, fallbackText } = renderResultCard(result, t);
      expectValidCard(card);
      const all = texts(card);
      expect(all).toContain(`cmd ${s}`);
      expect(all).toContain(` · ${s}`);
      // The echo of the request and the button label are clipped to one line (a prefix of the text, then …).
      expect(all).toContain(echoLine(`arp table ${s}`));
      expect(`arp table ${s}`.startsWith(echoLine(`arp table ${s}`).replace(/…$/, ''))).toBe(true);
      expect(all.filter((x) => x === s).length).toBeGreaterThanOrEqual(5); // note, title, scope, detail, table title...
      expect(all).toContain(`• ${s}`);
      expect(all).toContain(`1. ${s}`);
      // Verbatim in the table, whichever columns a phone can show (a long marker folds the table to one column).
      expect(tables(card)[0]!.header[0]).toBe(s);
      expect(tables(card)[0]!.rows[0]!.join('\n').split(s).length - 1).toBe(2);
      const label = clipToWidth(s, LABEL_MAX_PX, BUTTON_FONT);
      expect(actions(card)[0]).toMatchObject({ title: label, data: { command: `arp table ${s}` }, fallback: { title: label, data: { command: `arp table ${s}` } } });
      expect(fallbackText).toContain(s);
      // Nothing was evaluated: no "2" from ${1+1}, no card object from ${$root}.
      expect(JSON.stringify(card)).not.toContain('"[object Object]"');
    }
  });

  it('pagination buttons carry the request verbatim', () => {
    const s = '${1+1}';
    const rows = Array.from({ length: 3000 }, (_, i) => [`row ${i} ${'x'.repeat(40)}`]);
    const { card } = renderResultCard({ ...newResult('routes', { request: `routes ${s}`, tables: [{ title: 'T', columns: ['A'], rows }] }), page: 2 }, t);
    expect(bodyCommands(card).map((b) => b.command)).toEqual([`routes ${s} page 1`, `routes ${s} page 3`]);
  });

  it('error and working cards too', () => {
    for (const s of NASTY) {
      const err = errorResult(s, { code: s, message: s, suggestions: [s], missingPermission: s, retryable: true }, { target: s, request: s, notes: [s] });
      const { card } = renderResultCard(err, t);
      expectValidCard(card);
      const all = texts(card);
      expect(all).toContain(s);
      expect(all).toContain(`Error code: ${s}`);
      expect(all).toContain(`❌ Could not run ${s}`);
      const working = renderWorkingCard({ command: s, target: s, working: s, request: s, simulated: false }, t);
      expectValidCard(working.card);
      expect(texts(working.card)).toEqual(expect.arrayContaining([s, ` · ${s}`]));
    }
  });

  it('a Result whose strings hold template markers does not change the card structure', () => {
    const plain = renderResultCard(newResult('x', { target: 'plain', tables: [{ title: 'T', columns: ['a'], rows: [['v']] }] }), t).card;
    const nasty = renderResultCard(newResult('x', { target: CARD_LIKE, tables: [{ title: 'T', columns: ['a'], rows: [[CARD_LIKE]] }] }), t).card;
    const shape = (card: unknown) => findAll(card, () => true).map((n) => n.type ?? '');
    expect(shape(nasty)).toEqual(shape(plain));
  });
});
