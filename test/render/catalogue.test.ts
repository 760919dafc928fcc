/** Keys the engine and renderer build at run time exist (literal keys: test/i18n/catalogues.test.ts). */
import { describe, expect, it } from 'vitest';
import { hasKey } from '../../src/i18n/index.ts';



describe('message catalogues', () => {
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
