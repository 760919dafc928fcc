import { describe, expect, it } from 'vitest';
import { errorResult, newResult, type Result } from '../../src/commands/result.ts';
import type { Verdict } from '../../src/diagnosis/verdict.ts';
import { translator } from '../../src/i18n/index.ts';
import { CARD_BUDGET_BYTES, RUN_VERB, renderResultCard, renderWorkingCard, rowBytes } from '../../src/render/card.ts';
import { jsonBytes } from '../../src/render/format.ts';
import { renderJson } from '../../src/render/json.ts';
import { expandRow } from '../../src/render/templates.ts';
import { rowView } from '../../src/render/view-model.ts';
import { TEAMS_MAX_ACTIONS, expectValidCard, libraryProblems, readSchemaFile, schemaProblems } from '../helpers/card-checks.ts';
import { BUTTON_FONT, ECHO_FONT, LABEL_MAX_PX, PHONE_CARD_PX, textWidth } from '../../src/render/fit.ts';
import { actions, findAll, tables, texts } from './walk.ts';

const en = translator('en');
const ja = translator('ja');

const verdict = (severity: Verdict['severity'], title: string, extra: Partial<Verdict> = {}): Verdict => ({
  ruleId: `R-${title}`,
  severity,
  title,
  detail: `${title} detail`,
  evidence: [`${title} evidence`],
  nextSteps: [`${title} step`],
  ...extra,
});

function sample(init: Partial<Result> = {}): Result {
  return newResult('arp table', {
    target: 'tokyo-er',
    request: 'arp table tokyo-er secondary',
    generatedAt: '2025-03-01T14:05:09.000Z',
    verdicts: [verdict('critical', 'ARP empty on secondary', { scope: 'AzurePrivatePeering/secondary' }), verdict('warning', 'Warn'), verdict('info', 'Info')],
    tables: [{ title: 'ARP (primary)', columns: ['Age', 'Interface', 'IP address', 'MAC address'], rows: [['12', 'On-Prem', '10.0.0.1', '00:11:22:33:44:55']] }],
    followUps: [{ title: 'Show ARP table (primary)', command: 'arp table tokyo-er primary' }],
    ...init,
  });
}

describe('result card', () => {
  it("keeps diagnosis' order (lowest broken layer first) and opens the first problem, not the first line", () => {
    const { card } = renderResultCard(sample({ verdicts: [verdict('info', 'ARP fine'), verdict('warning', 'Recent flap'), verdict('critical', 'Prefix limit')] }), en);
    const text = JSON.stringify(card);
    expect(text.indexOf('ARP fine')).toBeLessThan(text.indexOf('Recent flap'));
    expect(text.indexOf('Recent flap')).toBeLessThan(text.indexOf('Prefix limit'));
    const details: { isVisible?: boolean }[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.id === 'string' && /^verdict-\d+-details$/.test(o.id)) details.push(o as { isVisible?: boolean });
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    expect(details.map((d) => d.isVisible !== false)).toEqual([false, true, false]);
  });


  it('is a valid Teams card: version 1.5, full width, fallback text, within budget', () => {
    const { card, fallbackText, bytes } = renderResultCard(sample(), en);
    expectValidCard(card);
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(card.fallbackText).toBe(fallbackText);
    expect(fallbackText).toContain('[CRITICAL] ARP empty on secondary');
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(card), 'utf8'));
    expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });

  it('shows the verdicts first, then the header and the echo of the request, then notes, tables and buttons', () => {
    const { card } = renderResultCard(sample({ notes: ['Assumed circuit tokyo-er from this conversation'] }), en);
    const all = texts(card);
    // The first block is the worst verdict: severity and title.
    expect(all.slice(0, 2)).toEqual(['⛔ Critical · ', 'ARP empty on secondary']);
    expect((card.body as { style?: string }[])[0]!.style).toBe('attention');
    const headerIndex = all.indexOf('arp table');
    expect(all.slice(headerIndex, headerIndex + 4)).toEqual(['arp table', ' · tokyo-er', '2025-03-01 14:05 UTC', 'arp table tokyo-er secondary']);
    expect(headerIndex).toBeGreaterThan(all.indexOf('Info'));
    expect(all.indexOf('Assumed circuit tokyo-er from this conversation')).toBeGreaterThan(headerIndex);
    const titles = all.filter((s) => s.endsWith(' · ') && s.length < 20).map((s) => s.trim());
    expect(titles).toEqual(['⛔ Critical ·', '⚠️ Warning ·', 'ℹ️ Info ·']);
    const tableIndex = all.indexOf('ARP (primary)');
    expect(tableIndex).toBeGreaterThan(headerIndex);
    expect(all).toContain('R-ARP empty on secondary · AzurePrivatePeering/secondary');
    // Severity decides the container's colour; the worst verdict's details are open, the others collapsed.
    const containers = findAll(card.body, (n) => n.type === 'Container' && typeof n.style === 'string');
    expect(containers.map((c) => c.style)).toEqual(['attention', 'warning', 'accent']);
    const details = findAll(card.body, (n) => typeof n.id === 'string' && String(n.id).endsWith('-details'));
    expect(details.map((d) => d.isVisible)).toEqual([true, false, false]);
    const toggles = findAll(card.body, (n) => n.type === 'Action.ToggleVisibility');
    expect(toggles.map((a) => a.targetElements)).toEqual([['verdict-1-details'], ['verdict-2-details'], ['verdict-3-details']]);
    // Four columns do not fit a phone with this MAC address: the first column, and the others as "Name: value".
    expect(tables(card)).toEqual([{ header: ['Age', 'More'], rows: [['12', 'Interface: On-Prem\nIP address: 10.0.0.1\nMAC address: 00:11:22:33:44:55']] }]);
  });

  it('echoes the request on one line, however long or multi-line the message was', () => {
    const pasted = `latency compare\n${'Connecting to 10.1.2.4:3389: from 10.0.0.5:50000: 1.52ms\n'.repeat(13)}vs\n${'Connecting to 10.1.2.5:3389: 2.1ms\n'.repeat(13)}`;
    const { card } = renderResultCard(sample({ request: pasted }), en);
    const echo = findAll(card.body, (n) => n.type === 'TextRun' && n.fontType === 'Monospace' && String(n.text).startsWith('latency compare'));
    expect(echo).toHaveLength(1);
    const line = String(echo[0]!.text);
    expect(line).not.toContain('\n');
    expect(line.endsWith('…')).toBe(true);
    expect(textWidth(line, ECHO_FONT)).toBeLessThanOrEqual(PHONE_CARD_PX);
    expect(JSON.stringify(card)).not.toContain('1.52ms');
    const long = renderResultCard(sample({ request: `arp table ${'tokyo-er '.repeat(600)}` }), en).card;
    expect(JSON.stringify(long).length).toBeLessThan(JSON.stringify(renderResultCard(sample(), en).card).length + 400);
  });

  it('marks simulated and partial data', () => {
    const plain = texts(renderResultCard(sample(), en).card);
    expect(plain).not.toContain('SIMULATED DATA');
    const marked = renderResultCard(sample({ simulated: true, partial: true }), en);
    expectValidCard(marked.card);
    const badges = findAll(marked.card.body, (n) => n.type === 'TextBlock' && (n.text === 'SIMULATED DATA' || n.text === 'PARTIAL'));
    expect(badges.map((b) => [b.text, b.color])).toEqual([
      ['SIMULATED DATA', 'Accent'],
      ['PARTIAL', 'Attention'],
    ]);
  });

  it('renders every follow-up as Action.Execute with an Action.Submit fallback', () => {
    const { card } = renderResultCard(sample(), en);
    expect(actions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Show ARP table (primary)',
        verb: RUN_VERB,
        // origin: the card's own command, so that the host posts a follow-up as a new card (teams/bot.ts).
        data: { command: 'arp table tokyo-er primary', origin: 'arp table tokyo-er secondary' },
        fallback: { type: 'Action.Submit', title: 'Show ARP table (primary)', data: { verb: RUN_VERB, command: 'arp table tokyo-er primary', origin: 'arp table tokyo-er secondary' } },
      },
    ]);
  });

  it('carries a long or multi-line command as a short one-line origin, and links a follow-up back to its origin', () => {
    const pasted = `latency compare\n${'Connecting to 10.1.2.4:3389: 1.52ms\n'.repeat(20)}`;
    const origin = (actions(renderResultCard(sample({ request: pasted }), en).card)[0]!.data as { origin: string }).origin;
    expect(origin).toHaveLength(60);
    expect(origin).toMatch(/^latency compare Connecting to 10\.1\.2\.4:3389: 1\.52ms Conne.*…$/);
    const followUp = renderResultCard(sample({ origin: 'bgp status london-er' }), en).card;
    expectValidCard(followUp);
    const link = findAll(followUp.body, (n) => n.type === 'Container' && (n.selectAction as { type?: string } | undefined)?.type === 'Action.Execute');
    expect(link).toHaveLength(1);
    expect(link[0]!.selectAction).toMatchObject({ verb: RUN_VERB, data: { command: 'bgp status london-er', origin: 'arp table tokyo-er secondary' } });
    expect(texts(followUp)).toContain('↩ Follow-up of “bgp status london-er”: select to run it again');
    expect(texts(renderResultCard(sample({ origin: 'bgp status london-er' }), ja).card)).toContain('↩ 「bgp status london-er」からのフォローアップ: 選択すると再実行します');
    // Only a follow-up's card has the line; the verdict stays the first block.
    expect(findAll(renderResultCard(sample(), en).card.body, (n) => n.type === 'Container' && n.selectAction !== undefined)).toEqual([]);
    expect((followUp.body as { type: string; style?: string }[])[0]!.style).toBe('attention');
  });

  it('shows at most three buttons, never an overflow menu: the others in a "More diagnostics" card, one per row', () => {
    const followUps = Array.from({ length: 9 }, (_, i) => ({ title: `Follow ${i + 1}`, command: `cmd ${i + 1}` }));
    followUps.push({ title: 'duplicate', command: 'cmd 1' });
    const { card } = renderResultCard(sample({ followUps }), en);
    expectValidCard(card);
    const acts = actions(card);
    expect(acts.map((a) => a.type)).toEqual(['Action.Execute', 'Action.Execute', 'Action.ShowCard']);
    expect(acts.map((a) => a.title)).toEqual(['Follow 1', 'Follow 2', 'More diagnostics (6)']);
    const more = (acts[2]!.card as { body: { type: string; actions: Record<string, unknown>[] }[] }).body;
    expect(more.map((b) => b.type)).toEqual(Array(6).fill('ActionSet'));
    // One button per row; two in the bar and six more: the ninth is left out (each is one click away in its verdict).
    expect(more.map((b) => b.actions.map((a) => (a.data as { command: string }).command))).toEqual([3, 4, 5, 6, 7, 8].map((i) => [`cmd ${i}`]));
    expect(findAll(card, (n) => n.mode === 'secondary')).toEqual([]);
  });

  it('labels two follow-ups that read the same differently, and keeps every label to one line', () => {
    const followUps = [
      { title: 'Check TCP/179', command: 'check vm-hub-test 192.168.17.1:179' },
      { title: 'Check TCP/179', command: 'check vm-hub-test 192.168.17.5:179' },
      { title: `Effective NSG rules of ${'vm-with-a-very-long-name-'.repeat(4)}`, command: 'effective nsg vm-x' },
    ];
    const { card } = renderResultCard(sample({ followUps }), en);
    const titles = findAll(card, (n) => n.type === 'Action.Execute').map((a) => String(a.title));
    // The second one reads as its command (clipped to one line).
    expect(titles[0]).toBe('Check TCP/179');
    expect(titles[1]!.startsWith('check vm-hub-test 192.168.17.5')).toBe(true);
    expect(titles[2]!.startsWith('Effective NSG rules of vm-with')).toBe(true);
    expect(titles[2]!.endsWith('…')).toBe(true);
    for (const title of titles) expect(textWidth(title, BUTTON_FONT)).toBeLessThanOrEqual(LABEL_MAX_PX);
  });

  it('has no actions property when there is nothing to click', () => {
    const { card } = renderResultCard(sample({ followUps: [] }), en);
    expect(card.actions).toBeUndefined();
    expectValidCard(card);
  });

  it('keeps the columns a phone can show without breaking a word, and folds the others into "Name: value" lines', () => {
    const columns = ['Network', 'Next hop', 'LocPrf', 'Weight', 'Path', 'Origin', 'Age'];
    const row = ['10.1.0.0/16', '10.0.0.1', '100', '0', '65001 65002', 'igp', '1d'];
    const { card } = renderResultCard(sample({ verdicts: [], tables: [{ title: 'Routes', columns, rows: [row] }] }), en);
    expectValidCard(card);
    expect(tables(card)[0]).toEqual({ header: ['Network', 'Next hop', 'More'], rows: [['10.1.0.0/16', '10.0.0.1', 'LocPrf: 100\nWeight: 0\nPath: 65001 65002\nOrigin: igp\nAge: 1d']] });
    // Equal column widths (unequal ones do not render on Teams mobile).
    const table = findAll(card.body, (n) => n.type === 'Table')[0]!;
    expect(table.columns).toEqual(Array(3).fill({ type: 'TableColumnDefinition', width: 1 }));
    // Three narrow columns stay as they are.
    const narrow = renderResultCard(sample({ verdicts: [], tables: [{ title: 'ARP', columns: ['Interface', 'IP address', 'Age'], rows: [['On-Prem', '10.0.0.1', '12']] }] }), en).card;
    expect(tables(narrow)[0]).toEqual({ header: ['Interface', 'IP address', 'Age'], rows: [['On-Prem', '10.0.0.1', '12']] });
    // An "Item | Value" table whose values need the whole width: one "Item: value" line per row.
    const wide = renderResultCard(
      sample({ verdicts: [], tables: [{ title: 'Circuit', columns: ['Item', 'Value'], rows: [['Subscription', '00000000-0000-4000-8000-000000000001'], ['SKU', 'Premium']] }] }),
      en,
    ).card;
    expect(tables(wide)[0]).toEqual({ header: ['Item'], rows: [['Subscription: 00000000-0000-4000-8000-000000000001'], ['SKU: Premium']] });
  });

  it('says when a table is empty, and shows table notes and multi-line cells', () => {
    const { card } = renderResultCard(
      sample({ tables: [{ title: 'ARP (secondary)', columns: ['IP', 'MAC'], rows: [], note: 'Read at 14:05.' }, { title: 'Two lines', columns: ['A'], rows: [['first\nsecond']] }] }),
      en,
    );
    expectValidCard(card);
    expect(texts(card)).toContain('Read at 14:05. No entries.');
    expect(tables(card)[1]!.rows).toEqual([['first\nsecond']]);
  });

  it('renders in Japanese', () => {
    const { card, fallbackText } = renderResultCard(sample({ simulated: true, partial: true }), ja);
    expectValidCard(card);
    const all = texts(card);
    expect(all).toContain('シミュレーション データ');
    expect(all).toContain('一部のみ');
    expect(all).toContain('⛔ 重大 · ');
    expect(all).toContain('根拠');
    expect(all).toContain('次の手順');
    expect(fallbackText).toContain('[重大] ARP empty on secondary');
  });
});

describe('error card', () => {
  const perm = 'Microsoft.Network/expressRouteCircuits/peerings/arpTables/action';

  it('says what went wrong, the missing permission and that retrying will not help', () => {
    const r = errorResult('arp table', { code: 'forbidden', message: 'Azure refused access.', missingPermission: perm, retryable: false }, { target: 'tokyo-er', request: 'arp table tokyo-er' });
    const { card, fallbackText } = renderResultCard(r, en);
    expectValidCard(card);
    const all = texts(card);
    expect(all).toContain('❌ Could not run arp table');
    expect(all).toContain('Azure refused access.');
    expect(all).toContain('Missing permission');
    expect(all).toContain(perm);
    expect(all).toContain('Retrying will not help until the cause is fixed.');
    expect(all).toContain('Error code: forbidden');
    expect(card.actions).toBeUndefined();
    expect(fallbackText).toContain(`Missing permission: ${perm}`);
  });

  it('turns suggestions into buttons (commands, or the request with the name replaced) and offers a retry', () => {
    const unknown = errorResult('', { code: 'unknown-command', message: 'I don\'t know "bgp stauts".', suggestions: ['bgp status', 'bgp summary'] }, { request: 'bgp stauts' });
    const a = renderResultCard(unknown, en);
    expectValidCard(a.card);
    expect(actions(a.card).map((x) => (x.data as { command: string }).command)).toEqual(['bgp status', 'bgp summary']);
    expect(texts(a.card)).toContain('❌ Could not run the command');

    const notFound = errorResult('arp table', { code: 'not-found', message: 'No circuit named “tokio-er”.', suggestions: ['tokyo-er'], retryable: false }, { target: 'tokio-er', request: 'arp table tokio-er secondary' });
    expect(actions(renderResultCard(notFound, en).card).map((x) => (x.data as { command: string }).command)).toEqual(['arp table tokyo-er secondary']);

    const throttled = errorResult('arp table', { code: 'throttled', message: 'Azure is throttling requests; try again in 12 s.', retryable: true }, { request: 'arp table tokyo-er' });
    const c = renderResultCard(throttled, en);
    expectValidCard(c.card);
    expect(texts(c.card)).toContain('Retrying may help.');
    expect(actions(c.card)).toEqual([expect.objectContaining({ title: 'Retry', data: { command: 'arp table tokyo-er', origin: 'arp table tokyo-er' } })]);
  });

  it('renders the engine\'s own follow-ups as buttons, in Japanese too', () => {
    const r = errorResult('bgp status', { code: 'missing-argument', message: 'bgp status には回線の指定が必要です。' }, { followUps: [{ title: '回線一覧', command: 'circuits' }] });
    const { card } = renderResultCard(r, ja);
    expectValidCard(card);
    expect(texts(card)).toContain('❌ bgp status を実行できませんでした');
    expect(actions(card).map((a) => a.title)).toEqual(['回線一覧']);
  });
});

describe('working card', () => {
  it('says what is being queried', () => {
    const { card, fallbackText, bytes } = renderWorkingCard(
      { command: 'arp table', target: 'tokyo-er', working: 'Reading ARP tables of tokyo-er (primary, secondary)', request: 'arp table tokyo-er', simulated: true },
      en,
    );
    expectValidCard(card);
    expect(texts(card)).toEqual(expect.arrayContaining(['arp table', ' · tokyo-er', 'SIMULATED DATA', '⏳ Working…', 'Reading ARP tables of tokyo-er (primary, secondary)', 'arp table tokyo-er']));
    expect(fallbackText).toContain('Reading ARP tables of tokyo-er');
    expect(bytes).toBeLessThan(4000);
    expect(card.actions).toBeUndefined();
  });

  it('in Japanese, without target', () => {
    const { card } = renderWorkingCard({ command: 'circuits', working: '回線を読み込んでいます', request: 'circuits', simulated: false }, ja);
    expectValidCard(card);
    expect(texts(card)).toContain('⏳ 処理中…');
  });
  it('shows what is read, what is awaited and how long so far, in both languages', () => {
    const progress = {
      reads: [
        { key: 'circuit', state: 'done' as const },
        { key: 'arp', path: 'primary', state: 'done' as const },
        { key: 'arp', path: 'secondary', state: 'waiting' as const },
        { key: 'routeSummary', path: 'primary', state: 'failed' as const },
      ],
      elapsedMs: 12_400,
    };
    const input = { command: 'bgp status', target: 'melbourne-er', working: 'Reading melbourne-er', request: 'bgp status melbourne-er', simulated: true, progress };
    const { card, fallbackText } = renderWorkingCard(input, en);
    expectValidCard(card);
    expect(texts(card)).toContain('circuit ✓ · ARP primary ✓ · ARP secondary … · route summary primary ✗  ·  12 s so far');
    expect(fallbackText).toContain('ARP secondary …');
    expect(texts(renderWorkingCard(input, ja).card)).toContain('回線 ✓ · ARP プライマリ ✓ · ARP セカンダリ … · ルート概要 プライマリ ✗  ·  経過 12 秒');
    // Before the first read there is nothing to list, but the time still shows.
    expect(texts(renderWorkingCard({ ...input, progress: { reads: [], elapsedMs: 4_000 } }, en).card)).toContain('4 s so far');
    expect(texts(renderWorkingCard({ ...input, progress: undefined }, en).card).join('\n')).not.toMatch(/so far/);
  });
});

describe('json', () => {
  it('prints the Result as is', () => {
    const r = sample();
    expect(JSON.parse(renderJson(r))).toEqual(r);
  });
});

describe('row measurement', () => {
  it('matches the exact bytes the template produces for a row', () => {
    for (const cells of [[['a']], [['10.0.0.1'], ['日本語の説明', 'second line'], ['"quotes" \\ and \n']], [[''], [''], [''], [''], ['x', 'y', 'z']], [['tokyo\u202Ere-ter', '\u2066x\u2069']]]) {
      expect(rowBytes(cells)).toBe(jsonBytes(expandRow(rowView(cells))) + 1);
    }
  });
});

describe('card checks helper', () => {
  it('catches what Teams would reject', () => {
    const bad = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }, { type: 'TextBlock', text: 'x', color: 'purple' }] };
    expect(libraryProblems(bad).length).toBe(2);
    const tooMany = { type: 'AdaptiveCard', version: '1.5', body: [], actions: Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Execute', title: `${i}`, verb: 'v' })) };
    expect(libraryProblems(tooMany)).toEqual(['teams: 7 visible actions in one collection (max 6)']);
  });

  it('validates against the official 1.5 schema (schemas/adaptive-card-1.5.json)', () => {
    expect(schemaProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] })).not.toEqual([]);
    expect(schemaProblems({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, body: [{ type: 'TextBlock', text: 'x' }] })).toEqual([]);
  });

  it('enforces the action limit that both Teams host configs declare', () => {
    for (const theme of ['light', 'dark']) {
      const config = readSchemaFile(`hostconfig-teams-${theme}.json`) as { actions?: { maxActions?: number } };
      expect(config.actions?.maxActions, theme).toBe(TEAMS_MAX_ACTIONS);
    }
  });
});
