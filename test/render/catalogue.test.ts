/** The English and Japanese catalogues of the engine and renderer stay in step, and every key used exists. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasKey } from '../../src/i18n/index.ts';

const NAMESPACES = ['common', 'errors', 'help', 'render'];
const FILES = ['commands/args.ts', 'commands/engine.ts', 'commands/failures.ts', 'commands/help.ts', 'render/card.ts', 'render/view-model.ts', 'render/text.ts'];

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../src/i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));

describe('message catalogues', () => {
  it.each(NAMESPACES)('%s has the same keys in English and Japanese', (ns) => {
    expect(keys(load('ja', ns)).sort()).toEqual(keys(load('en', ns)).sort());
  });

  it('every literal key the engine and renderer use exists', () => {
    const used = FILES.flatMap((f) => [...readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8').matchAll(/\bt\(\s*'([a-z]+:[^'$`]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((k) => !hasKey(k, 'en'))).toEqual([]);
  });

  it('keys built at run time exist', () => {
    const dynamic = [
      ...['critical', 'warning', 'info', 'ok'].map((s) => `render:severity.${s}`),
      ...['azure', 'probe', 'none'].map((g) => `help:group.${g}`),
      ...['not-found', 'ambiguous', 'forbidden', 'throttled', 'timeout', 'azure-failure', 'unreachable', 'credential', 'bad-request'].map((k) => `errors:azure.${k}`),
      ...['octet-count', 'bad-octet', 'bad-mask'].map((p) => `errors:bad-argument.cidr.${p}`),
      ...['range', 'min', 'max'].map((p) => `errors:bad-argument.${p}`),
      ...['circuit', 'gateway', 'connection', 'vm', 'nic', 'agent', 'target', 'any'].map((r) => `common:resource.${r}`),
    ];
    for (const lang of ['en', 'ja'] as const) expect(dynamic.filter((k) => !hasKey(k, lang))).toEqual([]);
  });
});
