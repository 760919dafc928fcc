/** Without NETOPS_PROBE_AGENTS: every probing command explains how to configure one; pasted logs still work. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, rendered, startBot, tempDataDir, type Bot } from './harness.ts';

let bot: Bot;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDataDir();
  bot = await startBot([], dataDir);
});
afterAll(async () => {
  await bot?.close();
  if (dataDir) removeDir(dataDir);
});

describe('no probe agent configured', () => {
  it.each(['agents', 'latency 10.1.2.4:3389', 'latency compare 10.1.2.4:3389 10.1.2.5:3389', 'latency compare 10.1.2.4:3389 from a b', 'latency baseline save x 10.1.2.4:3389'])('%s', async (text) => {
    const r = await bot.run(text);
    rendered(r);
    expect(r).toMatchObject({ ok: false, error: { code: 'no-agents' } });
    expect(r.error!.message).toContain('No probe agents are configured, so the bot cannot measure latency. Set NETOPS_PROBE_AGENTS');
    expect(r.error!.message).toContain('NETOPS_PROBE_AGENTS=[{"name":"tokyo-dc","url":"https://10.9.0.5:8765","token":"<the agent\'s token, 16+ characters>","site":"Tokyo DC"}]');
  });

  it('pasted logs need no agent', async () => {
    const f = (n: string) => readFileSync(new URL(`../../probes/fixtures/${n}`, import.meta.url), 'utf8');
    const r = await bot.run(`latency compare\n${f('psping-fastpath-before.txt')}\nvs\n${f('psping-fastpath-after.txt')}`);
    rendered(r);
    expect(r.ok).toBe(true);
    expect(r.verdicts.map((v) => v.ruleId)).toEqual(['LAT-FASTER', 'LAT-NOT-INTERLEAVED']);
  });

  it('the list of baselines is empty, with how to save one', async () => {
    const r = await bot.run('latency baseline list');
    rendered(r);
    expect(r.tables[0]!.rows).toEqual([]);
    expect(r.tables[0]!.note).toBe('No baselines yet: latency baseline save <name> <host:port> measures one and keeps it.');
  });
});
