/**
 * Chat text -> tokens. Teams delivers what people type wrapped in HTML (entities, <p>, <br>, <at> mentions)
 * and phones and IMEs add smart quotes, non-breaking, zero-width and full-width spaces. We normalize all of
 * that, then split on whitespace honouring quotes.
 *
 * Written by hand on purpose: shell-style parsers (shell-quote, string-argv...) also expand `$VAR`, globs,
 * backslash escapes and operators such as `|`, `;`, `>`, which chat text must never get; a route filter like
 * `10.0.0.0/8` or a name like `tokyo$er` has to arrive exactly as typed. Nothing is lower-cased here: the
 * engine compares case-insensitively and keeps the user's spelling for names.
 */
import { decodeHTMLStrict } from 'entities';

/** Longest command text accepted from chat, unless the command says it takes more (CommandSpec.maxInputChars). */
export const MAX_COMMAND_CHARS = 10_000;
/**
 * Longest text any command may take: `latency compare` with two pasted PsPing logs (a 1,000-probe log is ~60 KB).
 * Teams itself caps a message at about 28 KB; the CLI reads stdin and is bounded only by this.
 */
export const MAX_PASTED_CHARS = 200_000;

export interface Token {
  /** The token with its quotes removed. */
  text: string;
  /** Offsets into the normalized text (quotes included), so a `rest` parameter can take the line as typed. */
  start: number;
  end: number;
  /** Written in quotes: never read as a keyword, enum value, number or prefix, only as a name. */
  quoted: boolean;
}

export type TokenizeOutcome =
  | { ok: true; normalized: string; tokens: Token[] }
  | { ok: false; reason: 'too-long'; length: number; max: number };

/** `<at>Bot</at>` mentions. With `names`, only mentions of those names are removed (others stay as plain names). */
export function stripMentions(text: string, names?: readonly string[]): string {
  const wanted = names?.map((n) => n.trim().toLowerCase());
  return text
    // Linear on hostile text: neither part can run past the next '<', so an unclosed "<at" costs nothing
    // (a lazy [\s\S]*? rescanned the rest of the message from every one of them: seconds for 100 KB).
    .replace(/<at(?:\s[^<>]*)?>([^<]*)<\/at>/gi, (_whole, inner: string) => {
      if (!wanted) return ' ';
      const name = decodeHTMLStrict(inner).trim().toLowerCase();
      return wanted.includes(name) ? ' ' : inner;
    })
    .replace(/^\s+/, '');
}

// Block-level tags become line breaks (a pasted multi-line log stays multi-line); other tags vanish.
// Attributes stop at the next '<' for the same reason as in stripMentions.
const BLOCK_TAG = /<\s*(?:br|\/?p|\/?div|\/?li|\/?tr)(?:\s[^<>]*)?\/?\s*>/gi;
const ANY_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi;
// Zero-width space/joiners, word joiner, BOM, soft hyphen: invisible, and they break word matching.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Every other space-like character (NBSP, en/em spaces, narrow NBSP, ideographic space U+3000...).
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\v\f]/g;

/**
 * Tags first (on the raw HTML, so that a literal "&lt;b&gt;" the user typed is not mistaken for a tag),
 * then entities, then NFKC (full-width ｂｇｐ and １０．０．０．０／８ from Japanese IMEs become ASCII), then spaces.
 */
export function normalizeChatText(text: string): string {
  return decodeHTMLStrict(text.replace(BLOCK_TAG, '\n').replace(ANY_TAG, ''))
    .normalize('NFKC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n') // line and paragraph separators, NEL: all line breaks
    .replace(INVISIBLE, '')
    .replace(ODD_SPACE, ' ')
    .trim();
}

/** Opening quote -> the characters that close it. Smart quotes close with either curly form (phones mix them). */
const QUOTES: ReadonlyMap<string, string> = new Map([
  ['"', '"“”'],
  ['“', '”“"'],
  ['”', '”“"'],
  ['„', '”“"'],
  ["'", "'‘’"],
  ['‘', "’‘'"],
  ['’', "’‘'"],
  ['「', '」'],
  ['『', '』'],
]);

const isSpace = (c: string) => c === ' ' || c === '\n';

/** Splits normalized text. Quotes open only at the start of a token, so "don't" and "o'brien" stay words. */
export function splitTokens(normalized: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = normalized.length;
  while (i < n) {
    while (i < n && isSpace(normalized[i]!)) i++;
    if (i >= n) break;
    const start = i;
    const closers = QUOTES.get(normalized[i]!);
    if (closers) {
      i++;
      let text = '';
      while (i < n && !closers.includes(normalized[i]!)) text += normalized[i++];
      if (i < n) i++; // the closing quote; an unclosed quote runs to the end of the line
      // Text glued to the closing quote belongs to the same token: "tokyo er"-2 -> tokyo er-2.
      while (i < n && !isSpace(normalized[i]!)) text += normalized[i++];
      if (text.trim() !== '') tokens.push({ text: text.trim(), start, end: i, quoted: true });
      continue;
    }
    while (i < n && !isSpace(normalized[i]!)) i++;
    tokens.push({ text: normalized.slice(start, i), start, end: i, quoted: false });
  }
  return tokens;
}

/** Normalize, bound and split chat text. The bound applies to the normalized text (entities expand less). */
export function tokenize(text: string, max: number = MAX_COMMAND_CHARS): TokenizeOutcome {
  // Refuse absurd raw input before doing any work on it; entity-heavy text shrinks by at most ~8x.
  if (text.length > max * 8) return { ok: false, reason: 'too-long', length: text.length, max };
  const normalized = normalizeChatText(text);
  if (normalized.length > max) return { ok: false, reason: 'too-long', length: normalized.length, max };
  return { ok: true, normalized, tokens: splitTokens(normalized) };
}

/** Quotes a value for a re-runnable command text when it would otherwise split or read as a quoted token. */
export function quoteIfNeeded(value: string): string {
  if (value !== '' && !/\s/.test(value) && !QUOTES.has(value[0]!)) return value;
  for (const open of ['"', '「', "'"]) {
    const closers = QUOTES.get(open)!;
    if (![...closers].some((c) => value.includes(c))) return `${open}${value}${open === '「' ? '」' : open}`;
  }
  return value.replace(/\s+/g, ' '); // cannot be quoted faithfully; only pathological names get here
}
