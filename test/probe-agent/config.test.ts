import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig, configWarnings, loadConfig, ProbeConfigError } from '../../src/probe-agent/config.ts';

const TOKEN = 'a-token-of-enough-length';

describe('probe agent configuration from the environment', () => {
  it('reads every variable, with defaults', () => {
    const c = buildConfig(undefined, {
      NETOPS_PROBE_TOKEN: TOKEN,
      NETOPS_PROBE_ALLOW: '10.0.0.0/8:3389,443;192.168.10.0/24:179',
      NETOPS_PROBE_NAME: 'tokyo-dc',
      NETOPS_PROBE_SITE: 'Tokyo DC',
    });
    expect(c).toMatchObject({
      name: 'tokyo-dc',
      site: 'Tokyo DC',
      host: '127.0.0.1',
      port: 8765,
      tokens: [TOKEN],
      limits: { maxCount: 200, maxDurationMs: 120_000, maxConcurrent: 2 },
      rate: { perMinute: 30, burst: 10 },
    });
    expect(c.allow.map((r) => r.cidr)).toEqual(['10.0.0.0/8', '192.168.10.0/24']);
    expect(c.tls).toBeUndefined();
    const d = buildConfig(undefined, {
      NETOPS_PROBE_TOKEN: TOKEN, NETOPS_PROBE_ALLOW: '10.0.0.0/8:443', NETOPS_PROBE_PORT: '9000', NETOPS_PROBE_HOST: '0.0.0.0',
      NETOPS_PROBE_TLS_KEY: '/k.pem', NETOPS_PROBE_TLS_CERT: '/c.pem', NETOPS_PROBE_MAX_COUNT: '50', NETOPS_PROBE_MAX_CONCURRENT: '1',
      NETOPS_PROBE_RATE_PER_MINUTE: '5', NETOPS_PROBE_RATE_BURST: '2', NETOPS_PROBE_MAX_DURATION_MS: '60000',
    });
    expect(d).toMatchObject({ host: '0.0.0.0', port: 9000, tls: { keyPath: '/k.pem', certPath: '/c.pem' }, limits: { maxCount: 50, maxConcurrent: 1, maxDurationMs: 60_000 }, rate: { perMinute: 5, burst: 2 } });
  });

  it('refuses to start without a token, with a short token, or with an empty allowlist', () => {
    expect(() => buildConfig(undefined, { NETOPS_PROBE_ALLOW: '10.0.0.0/8:443' })).toThrow(/No token/);
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: 'short', NETOPS_PROBE_ALLOW: '10.0.0.0/8:443' })).toThrow(/NETOPS_PROBE_TOKEN: must be at least 16/);
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: TOKEN })).toThrow(/Empty allowlist/);
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: TOKEN, NETOPS_PROBE_ALLOW: ' ; ' })).toThrow(/Empty allowlist/);
  });

  it('names the variable in errors and never echoes the token', () => {
    const secret = 'secret with spaces inside it';
    try {
      buildConfig(undefined, { NETOPS_PROBE_TOKEN: secret, NETOPS_PROBE_ALLOW: '10.0.0.0/8:443' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProbeConfigError);
      expect((e as Error).message).toMatch(/^NETOPS_PROBE_TOKEN: /);
      expect((e as Error).message).not.toContain(secret);
    }
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: TOKEN, NETOPS_PROBE_ALLOW: '10.0.0.0/8' })).toThrow(/^NETOPS_PROBE_ALLOW: allow "10.0.0.0\/8": no ports/);
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: TOKEN, NETOPS_PROBE_ALLOW: '10.0.0.0/8:443', NETOPS_PROBE_PORT: 'http' })).toThrow(/^NETOPS_PROBE_PORT: /);
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: TOKEN, NETOPS_PROBE_ALLOW: '10.0.0.0/8:443', NETOPS_PROBE_TLS_KEY: '/k.pem' })).toThrow(/TLS needs both/);
    expect(() => buildConfig(undefined, { NETOPS_PROBE_TOKEN: TOKEN, NETOPS_PROBE_ALLOW: '10.0.0.0/8:443', NETOPS_PROBE_HOST: 'example.com' })).toThrow(/NETOPS_PROBE_HOST/);
  });
});

describe('probe agent configuration from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-config-'));
  it('reads the file; environment variables override it', () => {
    const path = join(dir, 'agent.json');
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    writeFileSync(path, JSON.stringify({
      name: 'hub-vm', host: '10.9.0.5', port: 8766, tokenFile,
      allow: ['10.1.0.0/16:3389', { cidr: '192.168.10.0/24', ports: [179, '8000-8001'] }],
      tls: { key: '/etc/k.pem', cert: '/etc/c.pem' },
      limits: { maxCount: 100, rateBurst: 3 },
    }));
    const c = loadConfig(path, {});
    expect(c).toMatchObject({ name: 'hub-vm', host: '10.9.0.5', port: 8766, tokens: [TOKEN], limits: { maxCount: 100 }, rate: { burst: 3, perMinute: 30 } });
    expect(c.allow.map((r) => r.cidr)).toEqual(['10.1.0.0/16', '192.168.10.0/24']);
    expect(loadConfig(path, { NETOPS_PROBE_PORT: '9999', NETOPS_PROBE_ALLOW: '10.2.0.0/16:22' })).toMatchObject({ port: 9999, allow: [{ cidr: '10.2.0.0/16' }] });
    expect(loadConfig(undefined, { NETOPS_PROBE_CONFIG: path }).name).toBe('hub-vm');
  });

  it('reports unreadable files, bad JSON, unknown settings and bad values by name', () => {
    expect(() => loadConfig(join(dir, 'missing.json'), {})).toThrow(/Cannot read the config file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(() => loadConfig(bad, {})).toThrow(/not valid JSON/);
    expect(() => buildConfig({ token: TOKEN, allow: ['10.0.0.0/8:443'], prot: 1 })).toThrow(/unknown setting\(s\) "prot"/);
    expect(() => buildConfig({ token: TOKEN, allow: ['10.0.0.0/8:443'], limits: { maxConcurrent: 100 } })).toThrow(/limits\.maxConcurrent: must be an integer from 1 to 16/);
    expect(() => buildConfig({ token: TOKEN, tokens: [TOKEN], allow: ['10.0.0.0/8:443'] })).toThrow(/one of "token", "tokens" or "tokenFile"/);
    expect(() => buildConfig({ token: TOKEN, allow: [{ cidr: '10.0.0.0/8', ports: [] }] })).toThrow(/no ports listed/);
  });
});

it('warns about clear-text tokens off loopback and about default routes', () => {
  const c = buildConfig({ token: TOKEN, allow: ['0.0.0.0/0:443'], host: '0.0.0.0' });
  const w = configWarnings(c);
  expect(w.join('\n')).toMatch(/without TLS/);
  expect(w.join('\n')).toMatch(/default route/);
  expect(configWarnings(buildConfig({ token: TOKEN, allow: ['10.0.0.0/8:443'] }))).toEqual([]);
});
