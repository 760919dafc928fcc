/**
 * Message catalogue: English and Japanese. Each JSON file in `locales/<lang>/` is a namespace (i18next's
 * term) named after the file: `commands.json` -> `commands:`. A file named `<namespace>.<part>.json` is
 * deep-merged into that namespace, so a command group keeps its texts (including its `help` entries) in its
 * own files: `help.latency.json` adds to `help:`. Keys are `namespace:path`, e.g. `errors:not-found`.
 * The locale comes from the user's activity (`ja-JP` -> ja), defaulting to English.
 */
import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { LRUCache } from 'lru-cache';

export type Locale = 'en' | 'ja';
export const LOCALES: readonly Locale[] = ['en', 'ja'];
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

const LOCALES_DIR = new URL('./locales/', import.meta.url);

/** Every catalogue file of a language: [namespace, contents]. */
function catalogueFiles(locale: Locale): [string, Record<string, unknown>][] {
  const dir = new URL(`${locale}/`, LOCALES_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.split('.')[0]!, JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Record<string, unknown>]);
}

let instance: i18n | undefined;
function shared(): i18n {
  if (!instance) {
    const i = i18next.createInstance();
    const files = LOCALES.map((l) => [l, catalogueFiles(l)] as const);
    const namespaces = [...new Set(files.flatMap(([, f]) => f.map(([ns]) => ns)))];
    void i.init({
      lng: 'en',
      fallbackLng: 'en',
      ns: namespaces,
      defaultNS: 'common',
      initAsync: false,
      // Cards are JSON, not HTML: escaping would show "&amp;" to users. Untrusted text is never a template.
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    } as Parameters<i18n['init']>[0]);
    for (const [locale, list] of files) for (const [ns, contents] of list) i.addResourceBundle(locale, ns, contents, true, false);
    instance = i;
  }
  return instance;
}

/** The namespaces found on disk. */
export function namespaces(): string[] {
  return [...(shared().options.ns as string[])];
}

/** `ja`, `ja-JP`, `JA_jp` -> 'ja'; anything else (or nothing) -> 'en'. */
export function localeFrom(tag: unknown): Locale {
  // Activity fields are whatever the sender wrote: a number or an object is no locale.
  return typeof tag === 'string' && /^ja(?:[-_]|$)/i.test(tag.trim()) ? 'ja' : 'en';
}

/**
 * Translations are memoized: the catalogues never change after start, and i18next's lookup and interpolation
 * were the largest single cost of rendering a card (about 8 % of the bot's CPU under load, profiled in bench/).
 * Keyed by the key and its values; bounded, since values include names users type.
 */
const MEMO_ENTRIES = 20_000;

const translators = new Map<Locale, Translate>();
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    const fixed = shared().getFixedT(locale);
    const memo = new LRUCache<string, string>({ max: MEMO_ENTRIES });
    t = (key, vars) => {
      const id = memoKey(key, vars);
      if (id === undefined) return String(fixed(key, vars as Record<string, unknown>));
      let text = memo.get(id);
      if (text === undefined) {
        text = String(fixed(key, vars as Record<string, unknown>));
        memo.set(id, text);
      }
      return text;
    };
    translators.set(locale, t);
  }
  return t;
}

/** A cache key for plain values (strings, numbers, booleans, null); undefined (not memoized) for anything else. */
function memoKey(key: string, vars: Record<string, unknown> | undefined): string | undefined {
  if (vars === undefined) return key;
  let id = key;
  for (const name in vars) {
    const v = vars[name];
    const type = typeof v;
    if (v !== null && v !== undefined && type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
    // \u0000 cannot occur in catalogue keys; JSON.stringify keeps values apart unambiguously.
    id += `\u0000${name}\u0000${v === undefined ? 'u' : JSON.stringify(v)}`;
  }
  return id;
}

/** Whether a key exists in a catalogue (tests use it to check both catalogues stay in step). */
export function hasKey(key: string, locale: Locale = 'en'): boolean {
  return shared().exists(key, { lng: locale, fallbackLng: false } as Record<string, unknown>);
}
