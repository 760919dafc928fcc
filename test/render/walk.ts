/** Reading rendered cards back in tests: elements by type, table cells, button commands. */

type Node = Record<string, unknown>;

export function findAll(node: unknown, accept: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, accept, out));
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (accept(n)) out.push(n);
    Object.values(n).forEach((v) => findAll(v, accept, out));
  }
  return out;
}

/** The text of a table cell: its RichTextBlocks' runs, one line each. */
function cellText(cell: Node): string {
  return findAll(cell.items, (n) => n.type === 'TextRun')
    .map((r) => String(r.text))
    .join('\n');
}

/** Every table in the card as header + rows of cell texts. */
export function tables(card: Node): { header: string[]; rows: string[][] }[] {
  return findAll(card.body, (n) => n.type === 'Table').map((table) => {
    const rows = (table.rows as Node[]).map((row) => (row.cells as Node[]).map(cellText));
    return { header: rows[0]!, rows: rows.slice(1) };
  });
}

/** All texts a user can read (TextBlock and TextRun), in order. */
export function texts(card: Node): string[] {
  return findAll(card, (n) => n.type === 'TextBlock' || n.type === 'TextRun').map((n) => String(n.text));
}

export function actions(card: Node): Node[] {
  return (card.actions as Node[] | undefined) ?? [];
}

/** Buttons inside the body (pagination), as command texts. */
export function bodyCommands(card: Node): { title: string; command: string }[] {
  return findAll(card.body, (n) => n.type === 'Action.Execute').map((a) => ({ title: String(a.title), command: String((a.data as Node).command) }));
}

/**
 * Every string value in a card with where it is (`body[2].items[0].text`). The `data` of an action is left out
 * unless `payloads` is set: it is what the button sends back (the command to run), never shown.
 */
export function allStrings(node: unknown, opts: { payloads?: boolean } = {}, path = '', out: { path: string; value: string }[] = []): { path: string; value: string }[] {
  if (typeof node === 'string') out.push({ path, value: node });
  else if (Array.isArray(node)) node.forEach((n, i) => allStrings(n, opts, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data' && !opts.payloads) continue;
      allStrings(v, opts, path ? `${path}.${k}` : k, out);
    }
  }
  return out;
}

/** Bidirectional controls (Trojan Source, CVE-2021-42574): each can make a name read as another. */
export const BIDI_CONTROLS = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
/** Zero-width characters: invisible inside a name (ZWJ is kept only inside an emoji sequence). */
export const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];
export const HIDDEN_CHARS = [...BIDI_CONTROLS, ...ZERO_WIDTH];

/** `\u202E`: how a card shows a hidden character. */
export const escapedForm = (c: string): string => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A string with everything outside printable ASCII written as <U+XXXX> (unlike an escape a card shows), for failure messages. */
export const readable = (s: string): string => s.replace(/[^\x20-\x7e]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);

/** The hidden characters in `s`, as escapes; a ZWJ inside an emoji sequence (👩‍💻, 🏳️‍🌈) is part of the emoji, not hidden. */
export function hiddenIn(s: string): string[] {
  const rest = s.replace(/(\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu, '$1');
  return HIDDEN_CHARS.filter((c) => rest.includes(c)).map(escapedForm);
}

/** The strings of a card (action payloads left out) that hold a bidi control or a zero-width character, readable. */
export function hiddenCharStrings(card: unknown): string[] {
  return allStrings(card)
    .filter((s) => hiddenIn(s.value).length > 0)
    .map((s) => `${s.path}: ${readable(s.value)}`);
}
