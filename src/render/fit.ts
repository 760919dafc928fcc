/**
 * What fits where, without a browser: estimated text widths for button labels, table cells and the one-line
 * echo of the request. Adaptive Cards have no media queries, so one card must read well at 1280 px and on a
 * 360 px phone; the renderer decides from these estimates.
 *
 * Widths are those of DejaVu Sans, the font the playground falls back to on Linux (measured in Chromium), per
 * 1000 units of the font size. Teams draws Segoe UI (desktop, web) or the phone's system font, which are
 * narrower (Segoe UI digits are 0.56 em, DejaVu 0.64 em), so what fits here fits there too.
 */

// Advance widths of ASCII 32..126 in 1/1000 em.
// prettier-ignore
const REGULAR = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838];
// prettier-ignore
const BOLD = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838];

// Symbols the cards use, same in both weights.
const SYMBOLS: Record<string, number> = { '•': 640, '·': 380, '→': 838, '✔': 838, '✖': 838, '—': 1000, '–': 500, '…': 1000, '▶': 769, '◀': 769, '“': 657, '”': 657 };
// East Asian wide and full-width characters: one em. Emoji: a quarter more.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
const NOT_ASCII = /[^\x20-\x7e]/;
const EMOJI = /[\u2600-\u27BF]|[\u{1F300}-\u{1FAFF}]/u;

export interface Font {
  /** Font size in px (the Teams host config: small 12, default 14). */
  px: number;
  bold?: boolean;
  monospace?: boolean;
}

/** Table cells (RichTextBlock, size Small) and their header (Small, bold). */
export const CELL_FONT: Font = { px: 12 };
export const HEADER_FONT: Font = { px: 12, bold: true };
/** Button labels: 14 px, semibold (drawn with the bold face where the font has no 600). */
export const BUTTON_FONT: Font = { px: 14, bold: true };
/** The echo of the request: Small, monospace. */
export const ECHO_FONT: Font = { px: 12, monospace: true };

/** Estimated width in px of `text` on one line. */
export function textWidth(text: string, font: Font): number {
  let units = 0;
  if (!font.monospace && !NOT_ASCII.test(text)) {
    const table = font.bold ? BOLD : REGULAR;
    for (let i = 0; i < text.length; i++) units += table[text.charCodeAt(i) - 32] ?? 0;
    return (units / 1000) * font.px;
  }
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0xfe0f || code === 0x200d) continue; // emoji variation selector, joiner: no width of their own
    if (font.monospace) units += WIDE.test(ch) || EMOJI.test(ch) ? 1000 : 602;
    else if (code >= 32 && code < 127) units += (font.bold ? BOLD : REGULAR)[code - 32]!;
    else units += SYMBOLS[ch] ?? (WIDE.test(ch) ? 1000 : EMOJI.test(ch) ? 1250 : 750); // 750: accented letters and the like, generously
  }
  return (units / 1000) * font.px;
}

/** A MAC address written with hyphens (00-15-5d-0a-bc-de): a browser may break it after a hyphen. */
const HYPHEN_MAC = /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/i;

/**
 * The widest run of characters a line is not broken in: browsers break lines at spaces, after a hyphen that no
 * digit follows (Unicode line breaking, rule LB25) and between Japanese characters. A MAC address counts whole:
 * it must never break. Pieces wider than `ignoreAbove` are left out.
 */
export function widestToken(text: string, font: Font, ignoreAbove = Infinity): number {
  let max = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    const simple = !token.includes('-') && !NOT_ASCII.test(token);
    const pieces = simple || HYPHEN_MAC.test(token) ? [token] : token.split(/(?<=-)(?=\D)/).flatMap((p) => p.split(WIDE_BOUNDARY));
    for (const piece of pieces) {
      const w = textWidth(piece, font);
      if (w > max && w <= ignoreAbove) max = w;
    }
  }
  return max;
}
const WIDE_BOUNDARY = new RegExp(`(?<=${WIDE.source})|(?=${WIDE.source})`, 'u');

/** `text` shortened with an ellipsis to at most `maxPx` on one line; unchanged when it fits. */
export function clipToWidth(text: string, maxPx: number, font: Font): string {
  if (textWidth(text, font) <= maxPx) return text;
  const room = maxPx - textWidth('…', font);
  let out = '';
  for (const ch of text) {
    if (textWidth(out + ch, font) > room) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

// ------------------------------------------------------------------------------------------------ widths

/**
 * Content width of a full-width card on a 360 px phone: 360 px less the chat's margins and the card's 16 px
 * padding (the playground measures 304 px; Teams mobile leaves about the same, and draws narrower fonts). Tables
 * and the echo of the request are laid out to fit it.
 */
export const PHONE_CARD_PX = 304;

/** A table cell's padding (8 px each side, the renderer's default) and its grid line: 17.3 px measured. */
export const CELL_CHROME_PX = 17.5;

/**
 * Room for the card's action bar in Teams desktop at a 1280 px window: the chat pane is about 1280 less the app
 * bar and the chat list, less the message margins and the card's padding. The playground gives 828 px; this
 * leaves margin for Teams' own layout.
 */
export const ACTION_BAR_PX = 720;
/** A button's padding and border (12 px each side, 1 px border), and the gap between two buttons (host config). */
export const BUTTON_CHROME_PX = 26;
export const BUTTON_GAP_PX = 8;
/** The widest label a button may have: one fits the width of a phone's card. */
export const LABEL_MAX_PX = PHONE_CARD_PX - BUTTON_CHROME_PX - 8;
