/**
 * Result -> the plain data the card templates bind to. Every field a template reads is always present and
 * never null (see templates.ts for why), and every text that may be long goes through a `Cutter`, which
 * shortens it to the current size level and remembers that it did, so the card can say so.
 *
 * Every text that is shown has its bidi controls and zero-width characters written as escapes ("tokyo\u202Ere-ter",
 * visible.ts) before it is measured, clipped or cut: the Cutter, echoLine, clipQuotes, button labels and tables do
 * it. Commands that buttons send back stay exact. (templates.ts escapes the whole card once more, to miss nothing.)
 */
import type { FollowUp, Result, Table, Verdict } from '../commands/result.ts';
import type { Severity } from '../diagnosis/verdict.ts';
import type { Translate } from '../i18n/index.ts';
import { MAX_MORE_ACTIONS, MAX_VISIBLE_ACTIONS, RUN_VERB } from './constants.ts';
import {
  ACTION_BAR_PX,
  BUTTON_CHROME_PX,
  BUTTON_FONT,
  BUTTON_GAP_PX,
  CELL_CHROME_PX,
  CELL_FONT,
  clipToWidth,
  ECHO_FONT,
  type Font,
  HEADER_FONT,
  LABEL_MAX_PX,
  PHONE_CARD_PX,
  textWidth,
  widestToken,
} from './fit.ts';
import { formatTime, shorten } from './format.ts';
import { visible } from './visible.ts';

/** How hard texts are squeezed; level 0 keeps everything, later levels keep less (card.ts walks them). */
export interface Limits {
  text: number;
  title: number;
  evidence: number;
  steps: number;
  verdicts: number;
  notes: number;
  cell: number;
  followUps: number;
  fallback: number;
}

export const LEVELS: readonly Limits[] = [
  { text: Infinity, title: 300, evidence: Infinity, steps: Infinity, verdicts: Infinity, notes: Infinity, cell: Infinity, followUps: Infinity, fallback: 1500 },
  { text: 600, title: 160, evidence: 15, steps: 10, verdicts: 40, notes: 10, cell: 600, followUps: 12, fallback: 800 },
  { text: 250, title: 120, evidence: 8, steps: 6, verdicts: 20, notes: 6, cell: 250, followUps: 8, fallback: 400 },
  { text: 100, title: 80, evidence: 4, steps: 3, verdicts: 10, notes: 4, cell: 100, followUps: 6, fallback: 200 },
  { text: 50, title: 60, evidence: 2, steps: 2, verdicts: 5, notes: 3, cell: 50, followUps: 6, fallback: 100 },
];

export class Cutter {
  shortened = false;
  /** A text to show: hidden characters escaped (visible.ts), then at most `max` characters. */
  cut(text: string, max: number): string {
    const shown = visible(text);
    const out = shorten(shown, max);
    if (out !== shown) this.shortened = true;
    return out;
  }
  /** The first `max` items, plus a visible "… and N more" item when some were left out. */
  take<T>(items: readonly T[], max: number, more: (count: number) => T): T[] {
    if (items.length <= max) return [...items];
    this.shortened = true;
    return [...items.slice(0, max), more(items.length - max)];
  }
}

export interface Line {
  text: string;
}
export interface Badge {
  text: string;
  color: string;
}
export interface ActionView {
  title: string;
  command: string;
  verb: string;
}
/** The follow-ups that are not in the action bar: one Action.ShowCard ("More diagnostics (4)"), a button per row. */
export interface MoreView {
  show: boolean;
  title: string;
  actions: ActionView[];
}
export interface ActionsView {
  actions: ActionView[];
  more: MoreView;
}
export interface HeaderView {
  command: string;
  hasTarget: boolean;
  targetText: string;
  time: string;
  hasBadges: boolean;
  badges: Badge[];
  hasRequest: boolean;
  request: string;
}

const text = (s: unknown): string => (typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s));

export function headerView(
  input: { command: string; target?: string; generatedAt?: string; request?: string; simulated: boolean; partial?: boolean },
  t: Translate,
  limits: Limits,
  cutter: Cutter,
): HeaderView {
  const badges: Badge[] = [];
  if (input.simulated) badges.push({ text: t('render:badge.simulated'), color: 'Accent' });
  if (input.partial) badges.push({ text: t('render:badge.partial'), color: 'Attention' });
  const command = text(input.command) || t('render:header.bot');
  const target = text(input.target);
  const request = text(input.request);
  return {
    command: cutter.cut(command, limits.title),
    hasTarget: target !== '',
    targetText: target ? ` · ${cutter.cut(target, limits.title)}` : '',
    time: input.generatedAt ? formatTime(input.generatedAt) : '',
    hasBadges: badges.length > 0,
    badges,
    // The command text as the engine understood it, when it says more than the command's name: one line that
    // fits a phone, however long the message was (a pasted log, a 5,000-character mistake). Not a "shortened"
    // text: the reader typed it.
    hasRequest: request !== '' && request.toLowerCase() !== command.toLowerCase(),
    request: echoLine(request),
  };
}

/** What the reader typed, as one line that fits a phone's card (fit.ts): the first line, clipped with "…". */
export function echoLine(request: string): string {
  const [first = '', ...rest] = visible(request).trim().split(/\r?\n/);
  const line = first.replace(/\s+/g, ' ').trim();
  const clipped = clipToWidth(line, PHONE_CARD_PX, ECHO_FONT);
  return rest.some((l) => l.trim() !== '') && clipped === line ? clipToWidth(`${line} …`, PHONE_CARD_PX, ECHO_FONT) : clipped;
}

/**
 * An error message that quotes what the reader typed (“…” in English, 「…」 in Japanese) quotes a long input
 * only in part: a quotation longer than QUOTE_KEEP characters (longer than any Azure resource name, 80, and any
 * command example the messages quote) is clipped to about one phone line. The message is about what was wrong;
 * the reader knows the rest. A run without spaces longer than any word is clipped too (input quoted bare).
 */
export function clipQuotes(message: string): string {
  const clip = (q: string) => (Array.from(q).length > QUOTE_KEEP ? clipToWidth(q, QUOTE_PX, TEXT_FONT) : q);
  return visible(message)
    .replace(/“([^”]*)”/g, (_, q: string) => `“${clip(q)}”`)
    .replace(/「([^」]*)」/g, (_, q: string) => `「${clip(q)}」`)
    .replace(/\S{200,}/g, (w) => clipToWidth(w, QUOTE_PX, TEXT_FONT));
}
const QUOTE_KEEP = 80;
const QUOTE_PX = PHONE_CARD_PX - 32;
const TEXT_FONT = { px: 14 };

/**
 * Follow-ups as buttons (constants.ts, MAX_VISIBLE_ACTIONS): duplicates dropped; each label on one line within
 * LABEL_MAX_PX and different from every other label on the card; in the action bar as many as fit its width, at
 * most three; when there are more, two (or fewer) and a "More diagnostics (n)" Action.ShowCard holding the others,
 * one per row. Never `mode: secondary`: the renderer's overflow menu is what this avoids.
 */
export function actionViews(followUps: readonly FollowUp[], limits: Limits, t: Translate, kind: 'diagnostics' | 'suggestions' = 'diagnostics'): ActionsView {
  const seen = new Set<string>();
  const unique = followUps.filter((f) => {
    const command = text(f?.command).trim();
    if (!command || seen.has(command)) return false;
    seen.add(command);
    return true;
  });
  // Buttons beyond the caps are dropped without a note: each is one click away from its verdict's command.
  const kept = unique.slice(0, Math.min(limits.followUps, MAX_VISIBLE_ACTIONS - 1 + MAX_MORE_ACTIONS));
  const moreTitle = (count: number) => t(kind === 'suggestions' ? 'render:actions.moreSuggestions' : 'render:actions.more', { count });
  const used = new Set([moreTitle(kept.length).toLowerCase()]);
  const views = kept.map((f): ActionView => {
    const command = text(f.command).trim();
    const title = uniqueLabel(text(f.title).trim() || command, command, used);
    return { title, command, verb: RUN_VERB };
  });
  const bar = (titles: string[]) => titles.reduce((px, s) => px + textWidth(s, BUTTON_FONT) + BUTTON_CHROME_PX, 0) + BUTTON_GAP_PX * Math.max(0, titles.length - 1);
  if (views.length <= MAX_VISIBLE_ACTIONS && bar(views.map((v) => v.title)) <= ACTION_BAR_PX) {
    return { actions: views, more: NO_MORE };
  }
  let shown = Math.min(views.length, MAX_VISIBLE_ACTIONS - 1);
  while (shown > 0 && bar([...views.slice(0, shown).map((v) => v.title), moreTitle(views.length - shown)]) > ACTION_BAR_PX) shown--;
  return { actions: views.slice(0, shown), more: { show: true, title: moreTitle(views.length - shown), actions: views.slice(shown) } };
}

/** A button label on one line within LABEL_MAX_PX, not equal to any label already `used` (which it joins). */
function uniqueLabel(title: string, command: string, used: Set<string>): string {
  const oneLine = (s: string) => clipToWidth(visible(s).replace(/\s+/g, ' '), LABEL_MAX_PX, BUTTON_FONT);
  let label = oneLine(title);
  // Two follow-ups that read the same (different commands): the later one is labelled with its command.
  if (used.has(label.toLowerCase())) label = oneLine(command);
  for (let n = 2; used.has(label.toLowerCase()); n++) label = `${clipToWidth(visible(title), LABEL_MAX_PX - textWidth(` (${n})`, BUTTON_FONT), BUTTON_FONT)} (${n})`;
  used.add(label.toLowerCase());
  return label;
}

const SEVERITY_STYLE: Record<Severity, { icon: string; color: string; style: string }> = {
  critical: { icon: '⛔', color: 'Attention', style: 'attention' },
  warning: { icon: '⚠️', color: 'Default', style: 'warning' },
  info: { icon: 'ℹ️', color: 'Accent', style: 'accent' },
  ok: { icon: '✅', color: 'Good', style: 'good' },
};

export interface VerdictView {
  badge: string;
  color: string;
  style: string;
  title: string;
  hasScope: boolean;
  scope: string;
  hasDetail: boolean;
  detail: string;
  hasDetails: boolean;
  detailsId: string;
  expanded: boolean;
  toggleTitle: string;
  hasEvidence: boolean;
  evidenceTitle: string;
  evidence: Line[];
  hasNextSteps: boolean;
  nextStepsTitle: string;
  nextSteps: Line[];
}

export function verdictViews(verdicts: readonly Verdict[], t: Translate, limits: Limits, cutter: Cutter): { views: VerdictView[]; omitted: number } {
  // Order is diagnosis' decision (lowest broken layer first), not the renderer's: keep it as given.
  const shown = verdicts.slice(0, limits.verdicts);
  if (shown.length < verdicts.length) cutter.shortened = true;
  // The first problem is open on arrival (the one to look at first); the rest stay behind their "Details" button.
  const open = shown.findIndex((v) => v.severity === 'critical' || v.severity === 'warning');
  const views = shown.map((v, i): VerdictView => {
    const sev = SEVERITY_STYLE[v.severity] ?? SEVERITY_STYLE.info;
    const more = (count: number) => t('render:more', { count });
    const evidence = cutter.take((v.evidence ?? []).map(text), limits.evidence, more).map((e) => ({ text: `• ${cutter.cut(e, limits.text)}` }));
    const nextSteps = cutter.take((v.nextSteps ?? []).map(text), limits.steps, more).map((s, j) => ({ text: `${j + 1}. ${cutter.cut(s, limits.text)}` }));
    // The "… and N more" line is not a step: keep it unnumbered.
    if ((v.nextSteps ?? []).length > limits.steps) nextSteps[nextSteps.length - 1] = { text: more((v.nextSteps ?? []).length - limits.steps) };
    const hasDetails = evidence.length > 0 || nextSteps.length > 0;
    return {
      badge: `${sev.icon} ${t(`render:severity.${v.severity}`, { defaultValue: v.severity })} · `,
      color: sev.color,
      style: sev.style,
      title: cutter.cut(text(v.title), limits.title),
      // Rule id and scope, small and monospace: what runbooks, support cases and `--json` call it.
      hasScope: text(v.ruleId) !== '' || text(v.scope) !== '',
      scope: cutter.cut([text(v.ruleId), text(v.scope)].filter(Boolean).join(' · '), limits.title),
      hasDetail: text(v.detail) !== '',
      detail: cutter.cut(text(v.detail), limits.text),
      hasDetails,
      detailsId: `verdict-${i + 1}-details`,
      expanded: i === open,
      toggleTitle: t('render:verdict.toggle', { evidence: (v.evidence ?? []).length, steps: (v.nextSteps ?? []).length }),
      hasEvidence: evidence.length > 0,
      evidenceTitle: t('render:verdict.evidence'),
      evidence,
      hasNextSteps: nextSteps.length > 0,
      nextStepsTitle: t('render:verdict.nextSteps'),
      nextSteps,
    };
  });
  return { views, omitted: verdicts.length - shown.length };
}

/** A table as displayed: the columns a phone can show (displayTables), every cell split into lines. */
export interface DisplayTable {
  title: string;
  header: string[];
  rows: string[][][];
  note: string;
  /** Per row, its one-click command (Table.rowActions), or undefined. */
  actions: (RowAction | undefined)[];
}

/** A row's one-click command: `title` is shown under the row's last cell, a tap there runs `command`. */
export interface RowAction {
  title: string;
  command: string;
}

function rowAction(a: unknown): RowAction | undefined {
  const o = a as { title?: unknown; command?: unknown } | null | undefined;
  const command = text(o?.command).trim();
  // The title is shown (escaped); the command is sent back (exact).
  return command ? { title: visible(text(o?.title).trim() || command), command } : undefined;
}

const lines = (cell: string): string[] => {
  const parts = cell.split('\n');
  return parts.length > 0 ? parts : [''];
};

/**
 * Tables that a 360 px phone can show without breaking a word, an address, a prefix or a MAC across lines.
 *
 * Adaptive Cards have no media queries (`targetWidth` came with 1.6: the 1.5 schema every card is checked against
 * refuses it), so one layout serves every width, and it is chosen for the narrowest: Teams' own guidance is
 * that "cards designed for a narrow screen scale well on wider screens (the opposite isn't true)" and that
 * "layouts tend to display better on mobile with fewer columns" (design-effective-cards, see constants.ts).
 * Columns stay equally wide (unequal weights are reported not to render on Teams mobile, MicrosoftDocs/msteams-docs
 * issue 13108). A word wider than its cell is broken mid-word, so a table keeps as many columns as leave every
 * cell wide enough for its widest word (fit.ts estimates, at PHONE_CARD_PX), addresses and MACs included:
 *  - all columns, when they fit;
 *  - else the first columns and one "More" column holding the others as "Name: value" lines;
 *  - else one column: "Item: value" lines for a two-column table; for a wider one, records: the first cell's
 *    value, then every other column as a "Name: value" line.
 * The choice is made over all rows of the table, before paging, so every page has the same columns.
 */
export function displayTables(tables: readonly Table[], t: Translate): DisplayTable[] {
  return tables
    .filter((tb) => Array.isArray(tb?.columns) && tb.columns.length > 0)
    .map((tb) => {
      // Escaped first: the columns a phone can show are chosen on the texts as shown.
      const columns = tb.columns.map((c) => visible(text(c)));
      const rows = (tb.rows ?? []).map((r) => columns.map((_, c) => visible(text(r?.[c]))));
      const note = [visible(text(tb.note)), rows.length === 0 ? t('render:table.empty') : ''].filter(Boolean).join(' ');
      const actions = rows.map((_, i) => rowAction(Array.isArray(tb.rowActions) ? tb.rowActions[i] : undefined));
      const titles = actions.flatMap((a) => (a ? [a.title] : []));
      const layout = fitColumns(columns, rows, titles, t);
      return { title: visible(text(tb.title)), header: layout.header, rows: rows.map(layout.row), note, actions };
    });
}

/** "Name: value" on one line, for a column folded into another cell. */
const folded = (name: string, value: string): string => `${name}: ${value.replace(/\n/g, ' / ')}`;

function fitColumns(columns: string[], rows: string[][], lastCellExtra: string[], t: Translate): { header: string[]; row: (r: string[]) => string[][] } {
  // The widest word of each column, measured once over all rows. A word wider than the whole card breaks whatever
  // the columns, so it does not decide them.
  const whole = PHONE_CARD_PX - CELL_CHROME_PX;
  const word = (text: string, font: Font) => widestToken(text, font, whole);
  // Columns repeat their values (next hops, states): each distinct text is measured once.
  const measured = new Map<string, number>();
  const cellWord = (text: string) => measured.get(text) ?? measured.set(text, word(text, CELL_FONT)).get(text)!;
  const values = columns.map((_, c) => rows.reduce((max, r) => Math.max(max, cellWord(r[c]!)), 0));
  // A row's action adds its title under the last cell.
  const extra = lastCellExtra.reduce((max, l) => Math.max(max, word(l, CELL_FONT)), 0);
  const fits = (needs: number[]): boolean => {
    const room = PHONE_CARD_PX / needs.length - CELL_CHROME_PX;
    return needs.every((n, c) => (c === needs.length - 1 ? Math.max(n, extra) : n) <= room);
  };
  const own = (c: number) => Math.max(word(columns[c]!, HEADER_FONT), values[c]!);
  // A folded column: "Name: value" lines under the "More" header.
  const more = t('render:table.more');
  const foldedNeed = (from: number) => columns.slice(from).reduce((max, name, j) => Math.max(max, word(`${name}:`, CELL_FONT), values[from + j]!), word(more, HEADER_FONT));

  if (columns.length === 1 || fits(columns.map((_, c) => own(c)))) return { header: columns, row: (r: string[]) => r.map(lines) };
  for (let keep = columns.length - 2; keep >= 1; keep--) {
    if (!fits([...columns.slice(0, keep).map((_, c) => own(c)), foldedNeed(keep)])) continue;
    return {
      header: [...columns.slice(0, keep), more],
      row: (r: string[]) => [...r.slice(0, keep).map(lines), columns.slice(keep).map((name, j) => folded(name, r[keep + j]!))],
    };
  }
  // One column. An "Item | Value" table reads as "Item: value" lines; a wider one as records: the first cell,
  // then "Name: value" for each other column.
  if (columns.length === 2) return { header: [columns[0]!], row: (r: string[]) => [[folded(r[0]!.replace(/\n/g, ' / '), r[1]!)]] };
  return {
    header: [columns[0]!],
    row: (r: string[]) => [[...lines(r[0]!), ...columns.slice(1).map((name, j) => folded(name, r[1 + j]!))]],
  };
}

export interface CellView {
  lines: Line[];
}
/** The cell a row's action is on: tapping it runs `action.command` (the same Action.Execute as a button). */
export interface TappedCellView extends CellView {
  action: { title: string; command: string; verb: string; origin: string };
}
export interface RowView {
  /** The row's cells, in order, except the tapped one. */
  cells: CellView[];
  /**
   * The row's last cell when the row has an action, else empty. Teams has no action on a table row
   * (TableRow has no selectAction), so the action is the selectAction of a Container filling the last cell,
   * with the action's title as a line under the cell's text (phones have no hover to hint that it is
   * clickable). A Container's selectAction has been honoured by Teams since Adaptive Cards 1.1; the TableCell's
   * own (1.5) is newer and less proven there. Always the last cell, so the template keeps the cells' order.
   */
  tapped: TappedCellView[];
}
export interface TableView {
  title: string;
  columns: { type: 'TableColumnDefinition'; width: number }[];
  header: Line[];
  rows: RowView[];
  hasNote: boolean;
  note: string;
}

/**
 * `origin`: the command of the card (Result.request), carried like the buttons' so that the host answers a tap
 * in a new card and leaves this one as it is.
 */
export function rowView(cells: readonly (readonly string[])[], action?: RowAction, origin = ''): RowView {
  const views = cells.map((ls) => ({ lines: ls.map((l) => ({ text: l })) }));
  if (!action || views.length === 0) return { cells: views, tapped: [] };
  const last = views.pop()!;
  return { cells: views, tapped: [{ ...last, action: { title: action.title, command: action.command, verb: RUN_VERB, origin } }] };
}

/** A table row as it goes onto a page: its cells' lines and its action. */
export interface DisplayRow {
  cells: string[][];
  action?: RowAction;
}

export function tableView(dt: DisplayTable, rows: readonly DisplayRow[], limits: Limits, cutter: Cutter, origin = ''): TableView {
  return {
    title: cutter.cut(dt.title, limits.title),
    // Equal widths: unequal ones have broken table layout on some Teams mobile builds.
    columns: dt.header.map(() => ({ type: 'TableColumnDefinition', width: 1 })),
    header: dt.header.map((h) => ({ text: cutter.cut(h, limits.title) })),
    rows: rows.map((r) => rowView(r.cells, r.action, origin)),
    hasNote: dt.note !== '',
    note: cutter.cut(dt.note, limits.text),
  };
}

export interface PagerView {
  show: boolean;
  line: string;
  hasActions: boolean;
  actions: { title: string; command: string; verb: string }[];
}

export const NO_PAGER: PagerView = { show: false, line: '', hasActions: false, actions: [] };

export const NO_MORE: MoreView = { show: false, title: '', actions: [] };

export interface ResultView {
  fallbackText: string;
  header: HeaderView;
  hasNotes: boolean;
  notes: Line[];
  verdicts: VerdictView[];
  tables: TableView[];
  pager: PagerView;
  actions: ActionView[];
  more: MoreView;
  /** See originViews (card.ts). */
  origin: string;
  hasFollowUpOf: boolean;
  followUpOf: OriginView;
}

/** The line of a follow-up's card that links back to the command it came from. */
export interface OriginView {
  line: string;
  title: string;
  command: string;
  verb: string;
}

export interface ErrorView {
  fallbackText: string;
  header: HeaderView;
  problem: {
    title: string;
    message: string;
    codeLine: string;
    hasPermission: boolean;
    permissionTitle: string;
    permission: string;
    hasSuggestions: boolean;
    suggestionsTitle: string;
    suggestions: Line[];
    hasRetry: boolean;
    retryLine: string;
    retryColor: string;
  };
  hasNotes: boolean;
  notes: Line[];
  actions: ActionView[];
  more: MoreView;
  origin: string;
  hasFollowUpOf: boolean;
  followUpOf: OriginView;
}

export function noteLines(notes: readonly string[], t: Translate, limits: Limits, cutter: Cutter): Line[] {
  return cutter.take(notes.map(text).filter(Boolean), limits.notes, (count) => t('render:more', { count })).map((n) => ({ text: cutter.cut(n, limits.text) }));
}

export function resultHeader(result: Result, t: Translate, limits: Limits, cutter: Cutter): HeaderView {
  return headerView(
    { command: result.command, target: result.target, generatedAt: result.generatedAt, request: result.request, simulated: result.simulated, partial: result.partial },
    t,
    limits,
    cutter,
  );
}
