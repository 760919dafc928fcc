/** Small text helpers shared by the card and text renderers. */

export const ELLIPSIS = '…';

/** UTF-8 size of a value's compact JSON: what Teams counts against the message size. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** UTF-8 size of a string once JSON-escaped, without its quotes. */
export function stringBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
}

/** At most `max` characters (code points, never half a surrogate pair), with a visible ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (!Number.isFinite(max) || text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, Math.max(1, max - 1)).join('').trimEnd() + ELLIPSIS;
}

/** "2025-03-01 14:05 UTC": short, unambiguous for people in several time zones. Invalid input is shown as is. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Removes a `page N` from a command text so that pagination buttons can append their own. */
export function stripPage(request: string): string {
  return request
    .replace(/(^|\s)page\s+\d+(?=\s|$)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// East Asian wide/full-width characters and emoji take two terminal columns.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1FAFF}]/u;

/** Terminal columns a string occupies (for aligning plain-text tables with Japanese text). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}
