/**
 * The bot's client against the real probe agent (src/probe-agent/server.ts) on 127.0.0.1: health, a real
 * TCP-connect run to a loopback listener, an interleaved run, the allowlist's 403, a wrong token, and HTTPS with a
 * self-signed CA: refused in this process (reported as a TLS problem), trusted by a bot process started with
 * NODE_EXTRA_CA_CERTS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCertificate } from '../../src/emulator/cert.ts';
import { buildConfig } from '../../src/probe-agent/config.ts';
import { startProbeAgent, type ProbeAgentHandle } from '../../src/probe-agent/server.ts';
import { AgentClient, AgentError } from '../../src/probes/agent-client.ts';
import { pairsFromResponse, sideFromResponse } from '../../src/probes/sides.ts';
import { listen, type Listener } from '../probe-agent/helpers.ts';

const TOKEN = 'real-agent-token-0123456789abcdef';
const PACING = { warmup: 1, intervalMs: 5, timeoutMs: 1000 };


let a: Listener;
let b: Listener;
let agent: ProbeAgentHandle;
let tlsAgent: ProbeAgentHandle;
let dir: string;
let caFile: string;

beforeAll(async () => {
  a = await listen();
  b = await listen();
  const allow = [`127.0.0.1/32:${a.port},${b.port}`];
  agent = await startProbeAgent(buildConfig({ name: 'loopback', site: 'this machine', token: TOKEN, port: 0, allow }));
  dir = mkdtempSync(join(tmpdir(), 'netops-agent-tls-'));
  const cert = await emulatorCertificate();
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  writeFileSync(join(dir, 'cert.pem'), cert.certPem);
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, cert.caPem);
  tlsAgent = await startProbeAgent(buildConfig({ name: 'tls', token: TOKEN, port: 0, allow, tls: { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') } }));
});

afterAll(async () => {
  await agent?.close();
  await tlsAgent?.close();
  await a?.close();
  await b?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const client = (url: string, token = TOKEN) => new AgentClient({ name: 'loopback', url, token });

describe('against the real probe agent', () => {
  it('health', async () => {
    const h = await client(agent.url).health();
    expect(h).toMatchObject({ status: 'ok', name: 'loopback', site: 'this machine' });
    expect(typeof h.version).toBe('string');
  });

  it('measures real TCP connects to a loopback listener', async () => {
    const target = `127.0.0.1:${a.port}`;
    const r = await client(agent.url).probe({ targets: [target], count: 8, ...PACING });
    expect(r.mode).toBe('single');
    const side = sideFromResponse(r, target, target);
    expect(side.sent).toBe(8);
    expect(side.lost).toBe(0);
    expect(side.runs[0]).toHaveLength(8);
    for (const us of side.runs[0]!) expect(us).toBeGreaterThan(0);
  });

  it('interleaves two targets in rounds that pair up', async () => {
    const ta = `127.0.0.1:${a.port}`;
    const tb = `127.0.0.1:${b.port}`;
    const r = await client(agent.url).probe({ targets: [ta, tb], count: 6, ...PACING });
    expect(r.mode).toBe('interleaved');
    expect(pairsFromResponse(r, ta, tb)).toHaveLength(6);
  });

  it('a target outside the allowlist: target-not-allowed with the agent\'s reason', async () => {
    const e = await client(agent.url).probe({ targets: ['127.0.0.1:9'], count: 2, ...PACING }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AgentError);
    expect(e).toMatchObject({ kind: 'target-not-allowed', status: 403 });
    expect((e as AgentError).detail).toMatch(/^target: /);
  });

  it('a wrong token: unauthorized', async () => {
    await expect(client(agent.url, 'not-the-token-0123456789').health()).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});

describe('an https agent with a self-signed CA', () => {
  it('without the CA: unreachable, reason tls (the card tells to set NODE_EXTRA_CA_CERTS)', async () => {
    await expect(client(tlsAgent.url).health()).rejects.toMatchObject({ kind: 'unreachable', reason: 'tls' });
  });

  it('trusted by a bot process started with NODE_EXTRA_CA_CERTS', async () => {
    const script = `
      import { AgentClient } from ${JSON.stringify(new URL('../../src/probes/agent-client.ts', import.meta.url).href)};
      const c = new AgentClient({ name: 'tls', url: process.env.AGENT_URL, token: process.env.AGENT_TOKEN });
      const h = await c.health();
      process.stdout.write(JSON.stringify({ status: h.status, name: h.name }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, AGENT_URL: tlsAgent.url, AGENT_TOKEN: TOKEN, NODE_NO_WARNINGS: '1' },
    });
    expect(JSON.parse(stdout)).toEqual({ status: 'ok', name: 'tls' });
  });
});
