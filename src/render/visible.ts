/**
 * Characters that change how the text around them reads without being seen themselves, shown as visible escapes
 * (issue 15, point 8). A circuit called "tokyo\u202Ere-ter" (U+202E RIGHT-TO-LEFT OVERRIDE) reads as "tokyoret-er"
 * in Teams, in a browser and in most terminals ("Trojan Source", CVE-2021-42574); with the escape it reads
 * "tokyo\u202Ere-ter", and no name can pass for another. They come from ARM names, probe agents and what people
 * type, so every text a card, the CLI's text or its JSON shows passes through here (card.ts, templates.ts, text.ts,
 * json.ts); what a button sends back (its `data`) keeps the exact text, so that it acts on the resource it names.
 *
 * Which characters:
 *  - the bidirectional controls: U+061C ARABIC LETTER MARK, U+200E/U+200F LRM/RLM, U+202A–U+202E embeddings and
 *    overrides (LRE, RLE, PDF, LRO, RLO), U+2066–U+2069 isolates (LRI, RLI, FSI, PDI);
 *  - the zero-width characters, which hide inside a name ("tokyo\u200B-er" is not "tokyo-er"): U+200B ZERO WIDTH
 *    SPACE, U+200C ZWNJ, U+2060 WORD JOINER, U+FEFF BOM; and U+200D ZWJ, except inside an emoji sequence (👩‍💻,
 *    🏳️‍🌈), where it belongs and hides nothing.
 * Japanese needs none of them (the bot's own messages hold none: test/render/bidi.test.ts checks the catalogues),
 * and Arabic or Hebrew text reads correctly without explicit controls (the Unicode bidi algorithm orders it).
 */

const HIDDEN_SOURCE =
  '[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u200B\\u200C\\u2060\\uFEFF]' +
  // ZWJ, unless it joins two emoji: after an emoji (its VS16 or skin tone included) and before one.
  '|(?<!\\p{Extended_Pictographic}[\\uFE0F\\u{1F3FB}-\\u{1F3FF}]?)\\u200D|\\u200D(?!\\p{Extended_Pictographic})';
const HIDDEN = new RegExp(HIDDEN_SOURCE, 'gu');
const ANY_HIDDEN = new RegExp(HIDDEN_SOURCE, 'u');

const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** Whether `text` holds a character that visible() would escape. */
export function hasHidden(text: string): boolean {
  return ANY_HIDDEN.test(text);
}

/** `text` with every bidi control and zero-width character written as `\u202E`. Idempotent. */
export function visible(text: string): string {
  return hasHidden(text) ? text.replace(HIDDEN, (c) => `\\u${hex(c)}`) : text;
}

/**
 * JSON text with the same characters written as JSON escapes (`\u202e`): a terminal or an editor shows them
 * instead of obeying them, and the JSON still parses to the exact strings (`--json` is a contract; scripts get the
 * names as Azure has them). JSON.stringify itself leaves them raw. They can only occur inside JSON strings, where
 * the escape means the character itself.
 */
export function visibleJson(json: string): string {
  return hasHidden(json) ? json.replace(HIDDEN, (c) => `\\u${hex(c).toLowerCase()}`) : json;
}

/**
 * A rendered card with visible() applied to every string, except the `data` of its actions: the payload a button
 * sends back (the command to run, the card it came from), which no one sees and which must stay exact.
 * Changes the card in place and returns it.
 */
export function visibleCard<T>(card: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return visible(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = walk(node[i]);
    } else if (node !== null && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const k of Object.keys(o)) if (k !== 'data') o[k] = walk(o[k]);
    }
    return node;
  };
  return walk(card) as T;
}
