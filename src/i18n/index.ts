/**
 * Message catalogue: English and Japanese, one JSON file per area and language (i18next namespaces), so
 * commands, diagnosis and rendering each keep their own strings. Keys are `namespace:path`, e.g.
 * `errors:not-found`. The locale comes from the user's activity (`ja-JP` -> ja), defaulting to English.
 */
import i18next, { type i18n } from 'i18next';
import enCommon from './locales/en/common.json' with { type: 'json' };
import jaCommon from './locales/ja/common.json' with { type: 'json' };
import enErrors from './locales/en/errors.json' with { type: 'json' };
import jaErrors from './locales/ja/errors.json' with { type: 'json' };
import enHelp from './locales/en/help.json' with { type: 'json' };
import jaHelp from './locales/ja/help.json' with { type: 'json' };
import enCommands from './locales/en/commands.json' with { type: 'json' };
import jaCommands from './locales/ja/commands.json' with { type: 'json' };
import enDiagnosis from './locales/en/diagnosis.json' with { type: 'json' };
import jaDiagnosis from './locales/ja/diagnosis.json' with { type: 'json' };
import enHost from './locales/en/host.json' with { type: 'json' };
import jaHost from './locales/ja/host.json' with { type: 'json' };
import enRender from './locales/en/render.json' with { type: 'json' };
import jaRender from './locales/ja/render.json' with { type: 'json' };

export type Locale = 'en' | 'ja';
export const LOCALES: readonly Locale[] = ['en', 'ja'];
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export const NAMESPACES = ['common', 'errors', 'help', 'commands', 'diagnosis', 'host', 'render'] as const;

const resources = {
  en: { common: enCommon, errors: enErrors, help: enHelp, commands: enCommands, diagnosis: enDiagnosis, host: enHost, render: enRender },
  ja: { common: jaCommon, errors: jaErrors, help: jaHelp, commands: jaCommands, diagnosis: jaDiagnosis, host: jaHost, render: jaRender },
};

let instance: i18n | undefined;
function shared(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      lng: 'en',
      fallbackLng: 'en',
      ns: [...NAMESPACES],
      defaultNS: 'common',
      initAsync: false,
      // Cards are JSON, not HTML: escaping would show "&amp;" to users. Untrusted text is never a template.
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    } as Parameters<i18n['init']>[0]);
  }
  return instance;
}

/** `ja`, `ja-JP`, `JA_jp` -> 'ja'; anything else (or nothing) -> 'en'. */
export function localeFrom(tag: string | undefined | null): Locale {
  return tag && /^ja(?:[-_]|$)/i.test(tag.trim()) ? 'ja' : 'en';
}

const translators = new Map<Locale, Translate>();
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    const fixed = shared().getFixedT(locale);
    t = (key, vars) => String(fixed(key, vars as Record<string, unknown>));
    translators.set(locale, t);
  }
  return t;
}

/** Whether a key exists in the English catalogue (tests use it to check both catalogues stay in step). */
export function hasKey(key: string, locale: Locale = 'en'): boolean {
  return shared().exists(key, { lng: locale, fallbackLng: false } as Record<string, unknown>);
}
