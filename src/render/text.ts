/**
 * Result -> plain text: CLI output, a card's fallbackText, logs. Everything is shown (no pagination);
 * tables are aligned in columns, counting Japanese characters as two columns wide.
 */
import type { Result, Table } from '../commands/result.ts';
import type { Translate } from '../i18n/index.ts';
import { displayWidth, formatTime, padEnd } from './format.ts';
import { visible } from './visible.ts';

/** Columns wider than this are not padded further, so one long cell does not push every row off screen. */
const MAX_ALIGN_WIDTH = 40;

// Escaped before columns are measured, so that a table with a \u202E in it stays aligned.
const oneLine = (s: unknown) => visible(String(s ?? '').replace(/\s*\n\s*/g, ' / '));

function tableText(table: Table, t: Translate): string[] {
  const columns = (table.columns ?? []).map(oneLine);
  const rows = (table.rows ?? []).map((r) => columns.map((_, i) => oneLine(r?.[i])));
  const widths = columns.map((c, i) => Math.min(MAX_ALIGN_WIDTH, Math.max(displayWidth(c), ...rows.map((r) => displayWidth(r[i]!)))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i]!))).join('  ').trimEnd();
  const out = [`## ${oneLine(table.title)}`];
  if (columns.length > 0) {
    out.push(line(columns), widths.map((w) => '-'.repeat(Math.max(1, w))).join('  '));
    for (const r of rows) out.push(line(r));
  }
  if (rows.length === 0) out.push(t('render:table.empty'));
  if (table.note) out.push(oneLine(table.note));
  return out;
}

export function renderText(result: Result, t: Translate): string {
  const out: string[] = [];
  const head = [result.command || t('render:header.bot'), result.target, result.generatedAt ? formatTime(result.generatedAt) : undefined].filter(Boolean).join(' · ');
  const badges = [result.simulated ? `[${t('render:badge.simulated')}]` : '', result.partial ? `[${t('render:badge.partial')}]` : ''].filter(Boolean).join(' ');
  out.push([head, badges].filter(Boolean).join('  '));
  if (result.request && result.request !== result.command) out.push(`> ${oneLine(result.request)}`);
  for (const n of result.notes ?? []) out.push(`${t('render:text.note')}: ${oneLine(n)}`);

  if (!result.ok && result.error) {
    const e = result.error;
    out.push('', `${t('render:text.error')} (${e.code}): ${e.message}`);
    if (e.missingPermission) out.push(`  ${t('render:error.permission')}: ${e.missingPermission}`);
    if (e.suggestions && e.suggestions.length > 0) out.push(`  ${t('render:error.suggestions')} ${e.suggestions.join(', ')}`);
    if (e.retryable !== undefined) out.push(`  ${e.retryable ? t('render:error.retryYes') : t('render:error.retryNo')}`);
  }

  for (const v of result.verdicts ?? []) {
    out.push('', `[${t(`render:severity.${v.severity}`, { defaultValue: v.severity }).toUpperCase()}] ${oneLine(v.title)}${v.scope ? ` (${v.scope})` : ''}`);
    if (v.detail) out.push(`  ${oneLine(v.detail)}`);
    if (v.evidence?.length) {
      out.push(`  ${t('render:verdict.evidence')}:`);
      for (const e of v.evidence) out.push(`    - ${oneLine(e)}`);
    }
    if (v.nextSteps?.length) {
      out.push(`  ${t('render:verdict.nextSteps')}:`);
      v.nextSteps.forEach((s, i) => out.push(`    ${i + 1}. ${oneLine(s)}`));
    }
  }

  for (const table of result.tables ?? []) out.push('', ...tableText(table, t));

  if (result.followUps?.length) {
    out.push('', `${t('render:text.followUps')}:`);
    for (const f of result.followUps) out.push(f.title && f.title !== f.command ? `  - ${oneLine(f.title)}: ${f.command}` : `  - ${f.command}`);
  }
  // Terminals honour bidi controls too: every text shows them as escapes (visible.ts), whichever line it is on.
  return visible(out.join('\n'));
}

/** Plain text cut at a line boundary to about `max` characters, with a visible marker when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 2));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never half an emoji
  const lastBreak = cut.lastIndexOf('\n');
  return `${lastBreak > max / 2 ? cut.slice(0, lastBreak) : cut}\n…`;
}
