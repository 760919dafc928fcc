/**
 * The latency commands end to end against the real probe agent (src/probe-agent/server.ts) on 127.0.0.1,
 * measuring real TCP connects to loopback listeners: agents, latency, an interleaved compare and a refused
 * target. Real timings vary, so these tests check the shape and the counts, not which way a verdict goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/commands/result.ts';
import { buildConfig } from '../../../src/probe-agent/config.ts';
import { startProbeAgent, type ProbeAgentHandle } from '../../../src/probe-agent/server.ts';
import { expectNoSecret, removeDir, rendered, startBot, tempDataDir, type Bot } from './harness.ts';
import { listen } from '../../probe-agent/helpers.ts';

const TOKEN = 'real-agent-bot-token-0123456789';


let a: Awaited<ReturnType<typeof listen>>;
let b: Awaited<ReturnType<typeof listen>>;
let agent: ProbeAgentHandle;
let bot: Bot;
let dataDir: string;
const results: Result[] = [];

async function run(text: string): Promise<Result> {
  const r = await bot.run(text);
  results.push(r);
  rendered(r);
  return r;
}

beforeAll(async () => {
  a = await listen();
  b = await listen();
  agent = await startProbeAgent(buildConfig({ name: 'loopback', site: 'this machine', token: TOKEN, port: 0, allow: [`127.0.0.1/32:${a.port},${b.port}`] }));
  dataDir = tempDataDir();
  // A short interval keeps the test quick; the pacing is still the same for both sides.
  bot = await startBot([{ name: 'loopback', url: agent.url, token: TOKEN, site: 'this machine' }], dataDir, { pacing: { intervalMs: 5, timeoutMs: 1000 } });
});

afterAll(async () => {
  await bot?.close();
  await agent?.close();
  await a?.close();
  await b?.close();
  if (dataDir) removeDir(dataDir);
});

describe('with the real probe agent', () => {
  it('agents: healthy, with its version', async () => {
    const r = await run('agents');
    expect(r.tables[0]!.rows).toEqual([['loopback', 'this machine', agent.url.replace(/^https?:\/\//, ''), 'ok\nbusy 0 of 2', expect.any(String)]]);
  });

  it('latency: 20 real connects, no loss', async () => {
    const r = await run(`latency 127.0.0.1:${a.port}`);
    expect(r.ok).toBe(true);
    expect(r.verdicts).toEqual([]);
    expect(r.tables[0]!.rows[0]).toEqual(['n (of sent)', '20 of 20']);
    expect(r.tables[0]!.rows[8]).toEqual(['loss', 'none']);
  });

  it('latency compare: interleaved pairs and a verdict first', async () => {
    const r = await run(`latency compare 127.0.0.1:${a.port} 127.0.0.1:${b.port}`);
    expect(r.ok).toBe(true);
    expect(['LAT-FASTER', 'LAT-SLOWER', 'LAT-EQUIVALENT', 'LAT-INCONCLUSIVE']).toContain(r.verdicts[0]!.ruleId);
    expect(r.data.comparison).toMatchObject({ design: 'paired', m: 20, n: 20 });
    expect(r.data.pairs).toBe(20);
  });

  it('a target outside its allowlist: the agent\'s reason on the card', async () => {
    const r = await run('latency 127.0.0.1:9');
    expect(r).toMatchObject({ ok: false, error: { code: 'target-not-allowed' } });
    expect(r.error!.message).toMatch(/^Probe agent loopback is not allowed to probe 127\.0\.0\.1:9: target: /);
  });

  it('no token anywhere', () => {
    expectNoSecret(bot, results, [TOKEN]);
  });
});
