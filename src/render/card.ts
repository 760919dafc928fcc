/**
 * Result -> Adaptive Card 1.5 for Teams, within a size budget.
 *
 * Budget: the card's compact JSON must stay within CARD_BUDGET_BYTES. Tables are paginated, never cut:
 * the card without any table rows (but with a worst-case pager line and buttons) is measured first, every
 * row's exact JSON size is known from the row template, and rows are packed into pages greedily. Page
 * boundaries depend only on the Result, so "page 3" is the same page whoever asks. If the rest of the card
 * (verdicts, notes) leaves too little room, texts are shortened level by level (LEVELS in view-model.ts),
 * with an ellipsis and a note; as a last resort a small card says the result is too large.
 */
import { LRUCache } from 'lru-cache';
import type { Result } from '../commands/result.ts';
import type { Translate } from '../i18n/index.ts';
import type { ReadProgress } from '../commands/progress.ts';
import { CARD_BUDGET_BYTES, RUN_VERB } from './constants.ts';
import { formatTime, jsonBytes, stringBytes, stripPage } from './format.ts';
import { expandCard, expandRow, type CardJson } from './templates.ts';
import { renderText, truncateText } from './text.ts';
import { visible } from './visible.ts';
import {
  actionViews,
  clipQuotes,
  echoLine,
  Cutter,
  displayTables,
  headerView,
  LEVELS,
  NO_MORE,
  NO_PAGER,
  noteLines,
  resultHeader,
  rowView,
  tableView,
  verdictViews,
  type DisplayRow,
  type DisplayTable,
  type ErrorView,
  type Limits,
  type OriginView,
  type PagerView,
  type ResultView,
  type RowAction,
} from './view-model.ts';

export { CARD_BUDGET_BYTES, RUN_VERB } from './constants.ts';

export interface RenderedCard {
  card: Record<string, unknown>;
  fallbackText: string;
  bytes: number;
}

/** Below this much room for rows a page would show too few of them to be useful: squeeze the rest first. */
const MIN_ROWS_ROOM = 2_048;

function finish(card: CardJson, fallbackText: string): RenderedCard {
  return { card, fallbackText, bytes: jsonBytes(card) };
}

// ---------------------------------------------------------------------------------------------- rows

type Cells = string[][];

const calibrations = new Map<number, { base: number; perLine: number }>();

/** Bytes of an empty-texted row with `columns` one-line cells, and of each extra line, from the real template. */
function calibration(columns: number): { base: number; perLine: number } {
  let c = calibrations.get(columns);
  if (!c) {
    const oneLine: Cells = Array.from({ length: columns }, () => ['']);
    const base = jsonBytes(expandRow(rowView(oneLine)));
    const twoLines: Cells = [['', ''], ...oneLine.slice(1)];
    c = { base, perLine: jsonBytes(expandRow(rowView(twoLines))) - base };
    calibrations.set(columns, c);
  }
  return c;
}

/** Exact bytes a row adds to the card, including the comma that separates it from the previous element. */
export function rowBytes(cells: Cells): number {
  const { base, perLine } = calibration(cells.length);
  let bytes = base + 1;
  for (const lines of cells) {
    bytes += (lines.length - 1) * perLine;
    // As the card shows it (templates.ts); the view models have escaped it already, so this is mostly a no-op.
    for (const l of lines) bytes += stringBytes(visible(l));
  }
  return bytes;
}

/** How often a text appears in a row: in all (`count`), and where it is shown, hidden characters escaped (`shown`). */
interface Occurrences {
  count: number;
  shown: number;
}
/** A hidden character: 3 bytes where a button sends it back, 7 (`\\u202E` in JSON) where it is shown escaped. */
const PROBE = '\u202E';

/** Bytes `s` adds where it occurs: exact in buttons' data, escaped where shown. */
function occurrenceBytes(s: string, o: Occurrences): number {
  const exact = stringBytes(s);
  return o.shown === 0 || s === '' ? o.count * exact : o.count * exact + o.shown * (stringBytes(visible(s)) - exact);
}

const actionCalibrations = new Map<number, { base: number; title: Occurrences; command: Occurrences; origin: Occurrences }>();

/** Bytes a row's action adds to it (its cell's Container, selectAction and title line), from the real template. */
export function actionBytes(columns: number, action: RowAction | undefined, origin: string): number {
  if (!action || columns === 0) return 0;
  let c = actionCalibrations.get(columns);
  if (!c) {
    const oneLine: Cells = Array.from({ length: columns }, () => ['']);
    const size = (title: string, command: string, o: string) => jsonBytes(expandRow(rowView(oneLine, { title, command }, o)));
    const base = size('', '', '');
    // How many times each text appears in the row, measured with a one-byte text; how many of those are shown
    // (escaped by templates.ts, unlike the buttons' data), measured with a hidden character.
    const grow = stringBytes(visible(PROBE)) - stringBytes(PROBE);
    const occurrences = (sized: (s: string) => number): Occurrences => {
      const count = sized('a') - base;
      return { count, shown: (sized(PROBE) - base - count * stringBytes(PROBE)) / grow };
    };
    c = {
      base: base - calibration(columns).base,
      title: occurrences((s) => size(s, '', '')),
      command: occurrences((s) => size('', s, '')),
      origin: occurrences((s) => size('', '', s)),
    };
    actionCalibrations.set(columns, c);
  }
  return c.base + occurrenceBytes(action.title, c.title) + occurrenceBytes(action.command, c.command) + occurrenceBytes(origin, c.origin);
}

/** Shortens one oversized row until it fits `room`: halve the longest line, then drop surplus lines of a cell. */
function squeezeRow(cells: Cells, room: number, cutter: Cutter, t: Translate): Cells {
  const row = cells.map((ls) => [...ls]);
  while (rowBytes(row) > room) {
    cutter.shortened = true;
    let longest: { c: number; l: number; len: number } | undefined;
    row.forEach((ls, c) => ls.forEach((s, l) => (!longest || s.length > longest.len ? (longest = { c, l, len: s.length }) : undefined)));
    if (longest && longest.len > 24) {
      row[longest.c]![longest.l] = cutter.cut(row[longest.c]![longest.l]!, Math.floor(longest.len / 2));
      continue;
    }
    const tallest = row.reduce((best, ls, c) => (ls.length > row[best]!.length ? c : best), 0);
    if (row[tallest]!.length <= 2) break; // cannot happen with a sane budget; the final size check still guards
    const ls = row[tallest]!;
    row[tallest] = [...ls.slice(0, 1), t('render:more', { count: ls.length - 1 })];
  }
  return row;
}

// ---------------------------------------------------------------------------------------------- result card

interface Content {
  limits: Limits;
  cutter: Cutter;
  /** The card's command, carried by its rows' actions (see rowView). */
  rowOrigin: string;
  view: Omit<ResultView, 'tables' | 'pager' | 'notes' | 'hasNotes'>;
  notes: string[];
  tables: DisplayTable[];
}

function content(result: Result, t: Translate, limits: Limits, fullText: string): Content {
  const cutter = new Cutter();
  const { views, omitted } = verdictViews(result.verdicts ?? [], t, limits, cutter);
  const notes = [...(result.notes ?? [])];
  if (omitted > 0) notes.push(t('render:verdicts.omitted', { count: omitted }));
  const tables = displayTables(result.tables ?? [], t).map((dt) => ({
    ...dt,
    rows: dt.rows.map((r) => r.map((ls) => ls.map((l) => cutter.cut(l, limits.cell)))),
  }));
  return {
    limits,
    cutter,
    rowOrigin: originOf(result.request),
    notes,
    tables,
    view: {
      fallbackText: truncateText(fullText, limits.fallback),
      header: resultHeader(result, t, limits, cutter),
      verdicts: views,
      ...actionViews(result.followUps ?? [], limits, t),
      ...originViews(result, t, cutter),
    },
  };
}

interface PageRows {
  /** Rows per table on this page; undefined = table not shown on this page. */
  perTable: (DisplayRow[] | undefined)[];
}

function buildView(c: Content, t: Translate, rows: PageRows, pager: PagerView, extraNotes: string[], reserveShortened: boolean): ResultView {
  const notes = noteLines([...c.notes, ...extraNotes], t, c.limits, c.cutter);
  // The "shortened" note is added last and never cut itself.
  if (reserveShortened || c.cutter.shortened) notes.push({ text: t('render:shortened') });
  const tables = c.tables.flatMap((dt, i) => {
    const r = rows.perTable[i];
    return r === undefined ? [] : [tableView(dt, r, c.limits, c.cutter, c.rowOrigin)];
  });
  return { ...c.view, hasNotes: notes.length > 0, notes, tables, pager };
}

function pagerView(t: Translate, request: string | undefined, page: number, pages: number, from: number, to: number, total: number): PagerView {
  const base = request ? stripPage(request) : '';
  const actions: PagerView['actions'] = [];
  if (base && page > 1) actions.push({ title: t('render:page.previous'), command: `${base} page ${page - 1}`, verb: RUN_VERB });
  if (base && page < pages) actions.push({ title: t('render:page.next'), command: `${base} page ${page + 1}`, verb: RUN_VERB });
  return { show: true, line: t('render:page.line', { page, pages, from, to, total }), hasActions: actions.length > 0, actions };
}

function tryLevel(result: Result, t: Translate, limits: Limits, fullText: string): RenderedCard | undefined {
  const c = content(result, t, limits, fullText);
  const flat: ({ table: number } & DisplayRow)[] = c.tables.flatMap((dt, table) => dt.rows.map((cells, i) => ({ table, cells, action: dt.actions[i] })));
  const actionCost = (r: DisplayRow) => actionBytes(r.cells.length, r.action, c.rowOrigin);
  const total = flat.length;
  const none: PageRows = { perTable: c.tables.map(() => []) };

  // 1. Everything on one card? Most answers are small: when the rows alone fit, expand the whole card once and
  // keep it if it fits (templating is the costly step); measure a skeleton only when paging may be needed.
  const costs = flat.map((r) => rowBytes(r.cells) + actionCost(r));
  const sum = costs.reduce((a, b) => a + b, 0);
  const tryAll = () => {
    const all: PageRows = { perTable: c.tables.map((dt) => dt.rows.map((cells, i) => ({ cells, action: dt.actions[i] }))) };
    const done = finish(expandCard('result', buildView(c, t, all, NO_PAGER, [], false)), c.view.fallbackText);
    return done.bytes <= CARD_BUDGET_BYTES ? done : undefined;
  };
  if (sum <= CARD_BUDGET_BYTES / 2) {
    const done = tryAll();
    if (done) return done;
  }
  const skeleton = jsonBytes(expandCard('result', buildView(c, t, none, NO_PAGER, [], true)));
  if (skeleton > CARD_BUDGET_BYTES) return undefined;
  if (sum > CARD_BUDGET_BYTES / 2 && skeleton + sum <= CARD_BUDGET_BYTES) {
    const done = tryAll();
    if (done) return done;
  }

  // 2. Pages. Measure the card without rows but with the widest pager it can have and every note it may get.
  const asked = result.page ?? 1;
  const base = result.request ? stripPage(result.request) : '';
  const worstAction = (title: string) => ({ title, command: `${base} page ${total}`, verb: RUN_VERB });
  const worstPager: PagerView = {
    show: true,
    line: t('render:page.line', { page: total, pages: total, from: total, to: total, total }),
    hasActions: base !== '',
    actions: base ? [worstAction(t('render:page.previous')), worstAction(t('render:page.next'))] : [],
  };
  // Reserved on every page, whatever was asked, so that page boundaries are the same for every request.
  const mayNote = [t('render:page.outOfRange', { asked: 999_999_999, page: total, pages: total })];
  const pagedSkeleton = jsonBytes(expandCard('result', buildView(c, t, none, worstPager, mayNote, true)));
  const room = CARD_BUDGET_BYTES - pagedSkeleton;
  if (total === 0 || room < MIN_ROWS_ROOM) return undefined;

  // Rows too big for any page are shortened; then rows are packed greedily, in order.
  for (let i = 0; i < flat.length; i++) {
    if (costs[i]! > room) {
      flat[i]!.cells = squeezeRow(flat[i]!.cells, room - actionCost(flat[i]!), c.cutter, t);
      costs[i] = rowBytes(flat[i]!.cells) + actionCost(flat[i]!);
      if (costs[i]! > room) return undefined;
    }
  }
  const pages: { start: number; end: number }[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < flat.length; i++) {
    if (i > start && used + costs[i]! > room) {
      pages.push({ start, end: i });
      start = i;
      used = 0;
    }
    used += costs[i]!;
  }
  pages.push({ start, end: flat.length });

  const page = Math.min(Math.max(1, Math.trunc(asked) || 1), pages.length);
  const extra = page !== asked ? [t('render:page.outOfRange', { asked, page, pages: pages.length })] : [];
  const { start: from, end: to } = pages[page - 1]!;
  const perTable: (DisplayRow[] | undefined)[] = c.tables.map((dt) => (dt.rows.length === 0 && page === 1 ? [] : undefined));
  for (let i = from; i < to; i++) (perTable[flat[i]!.table] ??= []).push({ cells: flat[i]!.cells, action: flat[i]!.action });
  const pager = pages.length > 1 ? pagerView(t, result.request, page, pages.length, from + 1, to, total) : NO_PAGER;
  const card = expandCard('result', buildView(c, t, { perTable }, pager, extra, false));
  const done = finish(card, c.view.fallbackText);
  return done.bytes <= CARD_BUDGET_BYTES ? done : undefined;
}

/** The last resort: a small card that says the result is too large, with the command to get it elsewhere. */
function tooLargeCard(result: Result, t: Translate): RenderedCard {
  const limits = LEVELS[LEVELS.length - 1]!;
  const cutter = new Cutter();
  const fallbackText = t('render:tooLarge');
  const view: ResultView = {
    fallbackText,
    header: resultHeader(result, t, limits, cutter),
    hasNotes: true,
    notes: [{ text: t('render:tooLarge') }],
    verdicts: [],
    tables: [],
    pager: NO_PAGER,
    actions: [],
    more: NO_MORE,
    ...originViews(result, t, cutter),
  };
  return finish(expandCard('result', view), fallbackText);
}

// ---------------------------------------------------------------------------------------------- error card

function errorView(result: Result, t: Translate, limits: Limits, fullText: string): ErrorView {
  const cutter = new Cutter();
  const e = result.error ?? { code: 'internal', message: t('errors:internal') };
  const suggestions = (e.suggestions ?? []).filter((s) => typeof s === 'string' && s !== '');
  let followUps = result.followUps ?? [];
  // Suggestions become buttons when the command did not make its own: a command name runs as is; a
  // resource name replaces the one in the request ("arp table tokio-er" -> "arp table tokyo-er").
  if (followUps.length === 0 && suggestions.length > 0) {
    followUps = suggestions.flatMap((s) => {
      if (e.code === 'unknown-command') return [{ title: s, command: s }];
      if (result.request && result.target) {
        const replaced = result.request.replace(result.target, s);
        if (replaced !== result.request) return [{ title: replaced, command: replaced }];
      }
      return [];
    });
  }
  if (e.retryable && result.request && !followUps.some((f) => f.command === result.request)) {
    followUps = [...followUps, { title: t('common:retry'), command: result.request }];
  }
  const notes = noteLines(result.notes ?? [], t, limits, cutter);
  const view: ErrorView = {
    fallbackText: truncateText(fullText, limits.fallback),
    header: resultHeader(result, t, limits, cutter),
    problem: {
      title: result.command ? t('render:error.title', { command: result.command }) : t('render:error.titleGeneric'),
      message: cutter.cut(clipQuotes(String(e.message ?? '')), Math.max(limits.text, 120)),
      codeLine: t('render:error.code', { code: e.code }),
      hasPermission: Boolean(e.missingPermission),
      permissionTitle: t('render:error.permission'),
      permission: cutter.cut(e.missingPermission ?? '', 400),
      // Shown as text only when they did not become buttons.
      hasSuggestions: suggestions.length > 0 && followUps.length === 0,
      suggestionsTitle: t('render:error.suggestions'),
      suggestions: cutter.take(suggestions, 5, (count) => t('render:more', { count })).map((s) => ({ text: cutter.cut(s, limits.title) })),
      hasRetry: e.retryable !== undefined,
      retryLine: e.retryable ? t('render:error.retryYes') : t('render:error.retryNo'),
      retryColor: e.retryable ? 'Good' : 'Default',
    },
    hasNotes: notes.length > 0,
    notes,
    ...actionViews(followUps, limits, t, 'suggestions'),
    ...originViews(result, t, cutter),
  };
  if (cutter.shortened) {
    view.notes.push({ text: t('render:shortened') });
    view.hasNotes = true;
  }
  return view;
}

/** Longest origin a button carries: enough to know the command by (most are shorter), never a pasted log in every button. */
export const MAX_ORIGIN_CHARS = 60;

/** The card's own command as its buttons carry it: one line, and clipped with "…" when long. */
export function originOf(request: string | undefined): string {
  const line = (request ?? '').replace(/\s+/g, ' ').trim();
  return line.length > MAX_ORIGIN_CHARS ? `${line.slice(0, MAX_ORIGIN_CHARS - 1)}…` : line;
}

/**
 * `origin`: the card's own command, carried by every button (as by the rows' taps) so that the host can tell
 * a follow-up, answered in a new card, from a retry, another page or the confirmation of this card, answered
 * in place. `followUpOf`: on a follow-up's card, the line that links back to the command it came from (a
 * click runs it again, in a new card).
 */
function originViews(result: Result, t: Translate, cutter: Cutter): { origin: string; hasFollowUpOf: boolean; followUpOf: OriginView } {
  const from = result.origin?.trim() ?? '';
  const shown = cutter.cut(from.replace(/\s+/g, ' '), 80);
  return {
    origin: originOf(result.request),
    hasFollowUpOf: from !== '',
    followUpOf: { line: t('render:followUpOf', { command: shown }), title: shown, command: from, verb: RUN_VERB },
  };
}

// ---------------------------------------------------------------------------------------------- API

/**
 * Rendered cards by what they show: the same answer is often asked for by several people within a minute (a
 * war room, `help`), and templating is the costliest step of an answer (bench/). The key is the Result as JSON
 * with its time at the minute the card shows; stored as JSON text so that no caller can change another's card.
 */
const RENDER_CACHE_BYTES = 4 * 1024 * 1024;
const renderCaches = new WeakMap<Translate, LRUCache<string, { json: string; fallbackText: string; bytes: number }>>();

export function renderResultCard(result: Result, t: Translate): RenderedCard {
  let cache = renderCaches.get(t);
  if (!cache) {
    cache = new LRUCache({ maxSize: RENDER_CACHE_BYTES, sizeCalculation: (v, k) => v.json.length + k.length });
    renderCaches.set(t, cache);
  }
  const key = renderKey(result);
  const hit = key === undefined ? undefined : cache.get(key);
  if (hit) return { card: JSON.parse(hit.json) as CardJson, fallbackText: hit.fallbackText, bytes: hit.bytes };
  const done = renderUncached(result, t);
  if (key !== undefined && key.length < RENDER_CACHE_BYTES / 64) cache.set(key, { json: JSON.stringify(done.card), fallbackText: done.fallbackText, bytes: done.bytes });
  return done;
}

function renderKey(result: Result): string | undefined {
  try {
    // The time as the card shows it (to the minute) in place of the exact one; no replacer (it makes stringify slow).
    return JSON.stringify({ ...result, generatedAt: result.generatedAt ? formatTime(result.generatedAt) : '' });
  } catch {
    return undefined; // not JSON (a cycle or a BigInt from a buggy command): render without the cache
  }
}

function renderUncached(result: Result, t: Translate): RenderedCard {
  // The fallback text echoes the request and quotes the error as the card does: clipped (echoLine, clipQuotes).
  const error = result.error && { ...result.error, message: clipQuotes(String(result.error.message ?? '')) };
  const fullText = renderText({ ...result, ...(result.request ? { request: echoLine(result.request) } : {}), ...(error ? { error } : {}) }, t);
  for (const limits of LEVELS) {
    if (!result.ok) {
      const view = errorView(result, t, limits, fullText);
      const done = finish(expandCard('error', view), view.fallbackText);
      if (done.bytes <= CARD_BUDGET_BYTES) return done;
      continue;
    }
    const done = tryLevel(result, t, limits, fullText);
    if (done) return done;
  }
  return tooLargeCard(result, t);
}

/** "ARP primary ✓ · ARP secondary … · routes primary …": what a slow command has read and still awaits. */
function progressLine(reads: readonly ReadProgress[], t: Translate): string {
  return reads
    .map((r) => `${t(`render:progress.read.${r.key}`, { path: r.path ? t(`render:progress.path.${r.path}`) : '' }).trim()} ${t(`render:progress.${r.state}`)}`)
    .join(' · ');
}

export function renderWorkingCard(
  input: {
    command: string;
    target?: string;
    working: string;
    request: string;
    simulated: boolean;
    /** Redrawn while the command runs: what is read, what is awaited, how long so far. */
    progress?: { reads: readonly ReadProgress[]; elapsedMs: number; throttledForMs?: number };
  },
  t: Translate,
): RenderedCard {
  const limits = LEVELS[1]!;
  const cutter = new Cutter();
  const working = cutter.cut(input.working, 500);
  const reads = input.progress && input.progress.reads.length > 0 ? cutter.cut(progressLine(input.progress.reads, t), 600) : '';
  const elapsed = input.progress ? t('render:progress.elapsed', { seconds: Math.round(input.progress.elapsedMs / 1000) }) : '';
  const throttledFor = input.progress?.throttledForMs;
  const throttled = throttledFor !== undefined && throttledFor > 0 ? t('render:progress.throttled', { seconds: Math.max(1, Math.ceil(throttledFor / 1000)) }) : '';
  const fallbackText = truncateText([working, throttled, reads, elapsed, `> ${echoLine(input.request)}`].filter(Boolean).join('\n'), 600);
  const view = {
    fallbackText,
    header: headerView({ command: input.command, target: input.target, request: input.request, simulated: input.simulated }, t, limits, cutter),
    status: t('render:working.status'),
    working,
    hasProgress: reads !== '' || elapsed !== '' || throttled !== '',
    progress: [throttled, reads, elapsed].filter(Boolean).join('  ·  '),
    hint: t('render:working.hint'),
  };
  return finish(expandCard('working', view), fallbackText);
}
