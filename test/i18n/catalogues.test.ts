/**
 * Both languages have the same catalogue files and keys (plural suffixes aside: Japanese has no "_one"),
 * and every literal `t('namespace:key')` in the source exists in English, which Japanese falls back to.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasKey, namespaces, translator } from '../../src/i18n/index.ts';

const root = new URL('../../src/', import.meta.url);
const localeDir = (lang: string) => new URL(`i18n/locales/${lang}/`, root);
const files = (lang: string) => readdirSync(localeDir(lang)).filter((f) => f.endsWith('.json')).sort();

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const load = (lang: string, f: string) => JSON.parse(readFileSync(new URL(f, localeDir(lang)), 'utf8'));

function sources(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(new URL(`${e.name}/`, dir)) : e.name.endsWith('.ts') ? [new URL(e.name, dir)] : [],
  );
}

describe('message catalogues', () => {
  it('have the same files in English and Japanese', () => {
    expect(files('ja')).toEqual(files('en'));
    expect(namespaces()).toEqual(expect.arrayContaining(['common', 'errors', 'help', 'commands', 'diagnosis', 'host', 'render']));
  });

  it.each(files('en'))('%s has the same keys in both languages', (f) => {
    expect([...new Set(keys(load('ja', f)))].sort()).toEqual([...new Set(keys(load('en', f)))].sort());
  });

  it('contain every literal key the source uses', () => {
    const used = sources(root).flatMap((u) => [...readFileSync(u, 'utf8').matchAll(/\bt\(\s*'([a-z-]+:[^'$`{]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(100);
    const exists = (k: string) => hasKey(k, 'en') || hasKey(`${k}_other`, 'en');
    expect([...new Set(used.filter((k) => !exists(k)))]).toEqual([]);
  });

  it('translate into Japanese, not English, for a ja user', () => {
    expect(translator('ja')('commands:er.path.secondary')).toBe('セカンダリ');
    expect(translator('en')('commands:er.path.secondary')).toBe('Secondary');
  });
});
