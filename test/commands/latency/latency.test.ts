/**
 * The latency commands through the real engine and the real services, against probe agents that are real HTTP
 * servers on 127.0.0.1: agents, latency, latency compare (interleaved, two vantage points, pasted logs),
 * baselines across a restart, and the error cases. Every result is rendered to a card and checked; no token
 * may appear in a Result, a card, a text or a log line.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/commands/result.ts';
import { formatMs, formatSignedMs } from '../../../src/diagnosis/latency.ts';
import { comparePaired } from '../../../src/probes/stats.ts';
import { closedPort, startFakeAgent, type FakeAgent, type TargetProfile } from '../../probes/fake-agent.ts';
import { expectNoSecret, removeDir, rendered, startBot, tempDataDir, type Bot } from './harness.ts';

const TOKYO_TOKEN = 'tokyo-secret-token-0123456789';
const OSAKA_TOKEN = 'osaka-secret-token-9876543210';
const DOWN_TOKEN = 'down-secret-token-55555555555';
const SECRETS = [TOKYO_TOKEN, OSAKA_TOKEN, DOWN_TOKEN];

const fixture = (name: string) => readFileSync(new URL(`../../probes/fixtures/${name}`, import.meta.url), 'utf8');

const tokyoTargets: Record<string, TargetProfile> = {
  '10.1.2.4:3389': { baseUs: 3000, spreadUs: 300 },
  '10.1.2.5:3389': { baseUs: 2000, spreadUs: 300 },
  '10.1.2.6:443': { baseUs: 2500, spreadUs: 200, failEvery: 5, retransmitAt: [2] },
};
let tokyo: FakeAgent;
let osaka: FakeAgent;
let bot: Bot;
let dataDir: string;
const results: Result[] = [];
const ids = (r: Result) => r.verdicts.map((v) => v.ruleId);

async function run(text: string, locale: 'en' | 'ja' = 'en'): Promise<Result> {
  const r = await bot.run(text, locale);
  results.push(r);
  rendered(r, locale);
  return r;
}

beforeAll(async () => {
  tokyo = await startFakeAgent({ name: 'tokyo-dc', site: 'Tokyo DC', token: TOKYO_TOKEN, targets: tokyoTargets, seed: 11 });
  osaka = await startFakeAgent({ name: 'osaka-dc', site: 'Osaka DC', token: OSAKA_TOKEN, targets: { '10.1.2.4:3389': { baseUs: 2000, spreadUs: 300 } }, seed: 12 });
  dataDir = tempDataDir();
  bot = await startBot(
    [
      { name: 'tokyo-dc', url: tokyo.url, token: TOKYO_TOKEN, site: 'Tokyo DC' },
      { name: 'osaka-dc', url: osaka.url, token: OSAKA_TOKEN, site: 'Osaka DC' },
      { name: 'down-dc', url: `http://127.0.0.1:${await closedPort()}`, token: DOWN_TOKEN, site: 'Nagoya' },
    ],
    dataDir,
  );
});

afterAll(async () => {
  await bot?.close();
  await tokyo?.close();
  await osaka?.close();
  if (dataDir) removeDir(dataDir);
});

describe('agents', () => {
  it('lists every agent with its health; an unreachable one as such; host only, never the token', async () => {
    const r = await run('agents');
    expect(r.ok).toBe(true);
    const [table] = r.tables;
    expect(table!.columns).toEqual(['Agent', 'Site', 'Host', 'Status', 'Version']);
    expect(table!.rows).toEqual([
      ['tokyo-dc', 'Tokyo DC', `127.0.0.1:${tokyo.port}`, 'ok\nbusy 0 of 2', '0.1.0-fake'],
      ['osaka-dc', 'Osaka DC', `127.0.0.1:${osaka.port}`, 'ok\nbusy 0 of 2', '0.1.0-fake'],
      ['down-dc', 'Nagoya', expect.stringMatching(/^127\.0\.0\.1:\d+$/), 'unreachable', '—'],
    ]);
    expect(r.partial).toBe(true);
    expect(r.notes!.join('\n')).toMatch(/Cannot reach probe agent down-dc at 127\.0\.0\.1:\d+ \(connection refused: is the agent running\?\)/);
    expect(table!.note).toBe('Commands without “from <agent>” use tokyo-dc (the first configured).');
  });
});

describe('latency <target>', () => {
  it('one run from the first agent (with a note): p50/p90/p99/max, loss, jitter, histogram rows, follow-ups', async () => {
    const r = await run('latency 10.1.2.4:3389');
    expect(r).toMatchObject({ ok: true, command: 'latency', target: '10.1.2.4:3389' });
    expect(r.notes).toContain('Measured from tokyo-dc, the first configured probe agent; add “from <agent>” to choose (agents lists them).');
    expect(tokyo.requests.at(-1)!.body).toEqual({ target: '10.1.2.4:3389', count: 20, warmup: 1, intervalMs: 500, timeoutMs: 2000 });
    expect(r.verdicts).toEqual([]);
    const [dist, hist] = r.tables;
    expect(dist!.title).toBe('Latency to 10.1.2.4:3389 from tokyo-dc');
    expect(dist!.rows.map((row) => row[0])).toEqual(['n (of sent)', 'min', 'p50', 'p90', 'p99', 'max', 'mean', 'jitter (mean |Δ|)', 'loss']);
    const run0 = (r.data.run as { summary: { p50: number; max: number; p99: number } }).summary;
    expect(dist!.rows[0]).toEqual(['n (of sent)', '20 of 20']);
    expect(dist!.rows[2]).toEqual(['p50', formatMs(run0.p50)]);
    expect(dist!.rows[4]![1]).toBe(dist!.rows[5]![1]); // p99 = max below 100 samples
    expect(dist!.rows[8]).toEqual(['loss', 'none']);
    expect(dist!.note).toContain('below 100 samples p99 is the maximum');
    expect(hist!.columns).toEqual(['Range (ms)', '10.1.2.4:3389']);
    expect(hist!.rows.reduce((s, row) => s + Number(row[1]!.split(' ')[0]), 0)).toBe(20);
    expect(r.followUps.map((f) => f.command)).toEqual([
      'latency 10.1.2.4:3389 from tokyo-dc n 40',
      expect.stringMatching(/^latency baseline save 10\.1\.2\.4-3389-\d{8}-\d{4} 10\.1\.2\.4:3389 from tokyo-dc$/),
      'latency compare 10.1.2.4:3389 from tokyo-dc osaka-dc',
    ]);
    expect(r.followUps[0]!.title).toBe('Rerun with n 40');
  });

  it('loss and retransmits are reported apart from latency (LAT-LOSS)', async () => {
    const r = await run('latency 10.1.2.6:443 from tokyo-dc n 20');
    expect(ids(r)).toEqual(['LAT-LOSS']);
    expect(r.verdicts[0]!.title).toBe('10.1.2.6:443: 4 of 20 probes failed and 1 took 1 s or more');
    expect(r.tables[0]!.rows[0]).toEqual(['n (of sent)', '15 of 20']);
    expect(r.tables[0]!.rows[8]).toEqual(['loss', '4 of 20 failed (20 %)\n1 SYN retransmits (≥ 1 s)']);
  });

  it('a target without a port: a clear answer with an example', async () => {
    const r = await run('latency vm-a');
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-target' } });
    expect(r.error!.message).toBe('“vm-a” is not a probe target: it needs a port. Write host:port, for example 10.1.2.4:3389 or [2001:db8::4]:443.');
  });

  it('an unknown agent name: did you mean, with a button that runs the fixed command', async () => {
    const r = await run('latency 10.1.2.4:3389 from tokio-dc');
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-agent', suggestions: ['tokyo-dc'] } });
    expect(r.error!.message).toBe('No probe agent named “tokio-dc”. Configured: tokyo-dc, osaka-dc, down-dc. Did you mean tokyo-dc?');
    expect(r.followUps[0]).toEqual({ title: 'latency 10.1.2.4:3389 from tokyo-dc', command: 'latency 10.1.2.4:3389 from tokyo-dc' });
  });

  it('the agent refuses the target (403): the card says why and what to do', async () => {
    const r = await run('latency 10.9.9.9:22');
    expect(r).toMatchObject({ ok: false, error: { code: 'target-not-allowed', retryable: false } });
    expect(r.error!.message).toBe(
      'Probe agent tokyo-dc is not allowed to probe 10.9.9.9:22: target: 10.9.9.9 is not in the allowlist. Add it to the agent\'s allowlist (CIDR blocks and ports in its configuration) or probe another target; retrying will not help.',
    );
    expect(rendered(r)).toContain('is not allowed to probe 10.9.9.9:22');
  });

  it('an unreachable agent: a retry button and the agents list', async () => {
    const r = await run('latency 10.1.2.4:3389 from down-dc');
    expect(r).toMatchObject({ ok: false, error: { code: 'unreachable', retryable: true } });
    expect(r.followUps.map((f) => f.command)).toEqual(['latency 10.1.2.4:3389 from down-dc', 'agents']);
  });

  it('in Japanese', async () => {
    const r = await run('latency 10.1.2.6:443 from tokyo-dc', 'ja');
    expect(r.verdicts[0]!.title).toBe('10.1.2.6:443: 20 件中 4 件のプローブが失敗、1 件が 1 秒以上');
    expect(r.tables[0]!.title).toBe('tokyo-dc から 10.1.2.6:443 への遅延');
  });
});

describe('latency compare <A> <B> (interleaved)', () => {
  it('verdict first, distributions side by side, histogram, paired statistics, 2x and swap buttons', async () => {
    const r = await run('latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc');
    expect(r).toMatchObject({ ok: true, command: 'latency compare' });
    expect(tokyo.requests.at(-1)!.body).toEqual({ targets: ['10.1.2.4:3389', '10.1.2.5:3389'], count: 20, warmup: 1, intervalMs: 500, timeoutMs: 2000 });
    expect(ids(r)).toEqual(['LAT-FASTER']);
    const c = r.data.comparison as { design: string; m: number; shiftUs: number; ciLowerUs: number; ciUpperUs: number; outcome: string };
    expect(c).toMatchObject({ design: 'paired', m: 20, outcome: 'faster' });
    // Recompute from the samples the Result carries: the figures in the verdict are exactly these.
    const a = (r.data.a as { samplesUs: number[] }).samplesUs;
    const b = (r.data.b as { samplesUs: number[] }).samplesUs;
    const again = comparePaired(a.map((x, i) => [x, b[i]!] as [number, number]))!;
    expect(again.shift.estimate).toBe(c.shiftUs);
    expect(r.verdicts[0]!.title).toBe(`10.1.2.5:3389 is faster than 10.1.2.4:3389 by ${formatMs(c.shiftUs)} (95 % CI ${formatMs(c.ciLowerUs)} to ${formatMs(c.ciUpperUs)})`);
    expect(r.verdicts[0]!.evidence).toContain(`Shift 10.1.2.4:3389 − 10.1.2.5:3389 (Hodges–Lehmann on the pairs, median of Walsh averages): ${formatSignedMs(c.shiftUs)}, 95 % CI [${formatSignedMs(c.ciLowerUs)}, ${formatSignedMs(c.ciUpperUs)}] (positive: 10.1.2.4:3389 takes longer)`);
    expect(r.tables.map((t) => t.title)).toEqual(['Distributions', 'Histogram (counts per range, ms)']);
    expect(r.tables[0]!.columns).toEqual(['Measure', '10.1.2.4:3389', '10.1.2.5:3389']);
    expect(r.tables[0]!.rows[0]).toEqual(['n (of sent)', '20 of 20', '20 of 20']);
    expect(r.followUps).toEqual([
      { title: 'Rerun with n 40', command: 'latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 40' },
      { title: 'Swap order', command: 'latency compare 10.1.2.5:3389 10.1.2.4:3389 from tokyo-dc' },
    ]);
  });

  it('n anywhere in the line; too few samples is inconclusive with how many more to collect', async () => {
    const r = await run('latency compare 10.1.2.4:3389 n 3 10.1.2.5:3389');
    expect(tokyo.requests.at(-1)!.body).toMatchObject({ count: 3 });
    expect(ids(r)).toEqual(['LAT-INCONCLUSIVE']);
    expect(r.verdicts[0]!.title).toBe('Not enough data to tell 10.1.2.4:3389 and 10.1.2.5:3389 apart: collect about 17 more per side');
    expect(r.followUps.map((f) => f.command)).toEqual([
      'latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 20',
      'latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 6',
      'latency compare 10.1.2.5:3389 10.1.2.4:3389 from tokyo-dc n 3',
    ]);
  });

  it('n 40 fits the agent\'s time limit with a shorter connect timeout, the same for A and B (and says so)', async () => {
    const r = await run('latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 40');
    expect(r.ok).toBe(true);
    expect(tokyo.requests.at(-1)!.body).toEqual({ targets: ['10.1.2.4:3389', '10.1.2.5:3389'], count: 40, warmup: 1, intervalMs: 500, timeoutMs: 1200 });
    expect(r.notes).toContain("To fit tokyo-dc's time limit (120 s if every connect timed out), this run probes every 500 ms with a 1200 ms connect timeout (both sides alike).");
    expect(r.tables[0]!.rows[0]).toEqual(['n (of sent)', '40 of 40', '40 of 40']);
    // 2x would be 80, more than one run can take here (47): the button asks for 47, and says so.
    expect(r.followUps[0]).toEqual({ title: 'Rerun with n 47 (max)', command: 'latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 47' });
  });

  it('more than one run can take: how many fit, with a button for that', async () => {
    const count = tokyo.requests.length;
    const r = await run('latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 200');
    expect(r).toMatchObject({ ok: false, error: { code: 'run-too-long' } });
    expect(r.error!.message).toBe(
      "n 200 does not fit in one run on tokyo-dc: if every connect timed out, the run could take longer than the agent allows (120 s). One run takes at most n 47 here; run it several times, or raise the agent's maxDurationMs.",
    );
    expect(r.followUps).toEqual([{ title: 'Run with n 47', command: 'latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 47' }]);
    expect(tokyo.requests.slice(count).filter((q) => q.path === '/v1/probes/tcp')).toEqual([]);
  });

  it('bad input gets the forms of the command', async () => {
    const one = await run('latency compare 10.1.2.4:3389');
    expect(one).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(one.error!.message).toMatch(/^Only one target \(“10\.1\.2\.4:3389”\) and fewer than two agents: nothing to compare it with\. Compare two targets from one agent/);
    const n = await run('latency compare 10.1.2.4:3389 10.1.2.5:3389 n 500');
    expect(n.error!.message).toMatch(/^The count must be between 1 and 200, not 500\./);
  });
});

describe('latency compare <target> from <A> <B> (two vantage points)', () => {
  it('both agents at once with identical pacing; flagged as not interleaved', async () => {
    const probes = (a: FakeAgent) => a.requests.filter((q) => q.path === '/v1/probes/tcp');
    const before = [probes(tokyo).length, probes(osaka).length];
    const r = await run('latency compare 10.1.2.4:3389 from tokyo-dc osaka-dc');
    expect(probes(tokyo).at(-1)!.body).toEqual(probes(osaka).at(-1)!.body);
    expect([probes(tokyo).length - before[0]!, probes(osaka).length - before[1]!]).toEqual([1, 1]);
    expect(ids(r)).toEqual(['LAT-FASTER', 'LAT-NOT-INTERLEAVED']);
    expect(r.verdicts[0]!.title).toMatch(/^osaka-dc is faster than tokyo-dc by /);
    expect(r.verdicts[1]!.title).toBe('Two vantage points, measured at the same time but not interleaved');
    expect((r.data.comparison as { design: string }).design).toBe('two-sample');
    expect(r.tables[0]!.columns).toEqual(['Measure', 'tokyo-dc', 'osaka-dc']);
    expect(r.followUps.map((f) => f.command)).toEqual(['latency compare 10.1.2.4:3389 from tokyo-dc osaka-dc n 40', 'latency compare 10.1.2.4:3389 from osaka-dc tokyo-dc']);
  });

  it('one of them down: the error names it', async () => {
    const r = await run('latency compare 10.1.2.4:3389 from tokyo-dc down-dc');
    expect(r).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(r.error!.message).toMatch(/^Cannot reach probe agent down-dc/);
  });
});

describe('pasted logs: latency compare … vs …', () => {
  it('3 runs of 4 vs 3 runs of 4: n = 12 vs 12, an interval, flagged as not interleaved', async () => {
    const text = `latency compare\n${fixture('psping-fastpath-before.txt')}\nvs\n${fixture('psping-fastpath-after.txt')}`;
    const r = await run(text);
    expect(r).toMatchObject({ ok: true, command: 'latency compare', target: 'pasted logs' });
    expect(ids(r)).toEqual(['LAT-FASTER', 'LAT-NOT-INTERLEAVED']);
    const c = r.data.comparison as { m: number; n: number; ciLowerUs: number; ciUpperUs: number };
    expect([c.m, c.n]).toEqual([12, 12]);
    // The reference values of test/diagnosis/rules/latency.test.ts (SciPy + plain Python): HL 1055, CI [970, 1150] (exact K).
    expect(r.verdicts[0]!.title).toBe('group 2 (10.1.2.4:3389) is faster than group 1 (10.1.2.4:3389) by 1.055 ms (95 % CI 0.970 ms to 1.150 ms)');
    expect(r.verdicts[1]!.evidence).toEqual(['group 1 (10.1.2.4:3389): 3 runs; group 2 (10.1.2.4:3389): 3 runs']);
    expect(r.tables[0]!.rows[0]).toEqual(['n (of sent)', '12 of 12', '12 of 12']);
    expect(r.notes).toEqual([
      'group 1 (10.1.2.4:3389): 3 runs (psping), 12 samples; 3 warmup lines skipped.',
      'group 2 (10.1.2.4:3389): 3 runs (psping), 12 samples; 3 warmup lines skipped.',
    ]);
    expect(r.followUps).toEqual([]);
  });

  it('failures in the paste are loss, apart from latency', async () => {
    const r = await run(`latency compare\n${fixture('psping-failures.txt')}\nvs\n${fixture('tcping.txt')}`);
    expect(ids(r)).toContain('LAT-LOSS');
    expect(r.tables[0]!.columns).toEqual(['Measure', 'group 1 (10.1.2.5:443)', 'group 2 (10.1.2.4:3389)']);
  });

  it('without a "vs" line: how to paste, with an example', async () => {
    const r = await run(`latency compare\n${fixture('psping-basic.txt')}`);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-paste' } });
    expect(r.error!.message).toMatch(/^To compare pasted runs, put a line that says only “vs” between the two groups/);
  });

  it('a group with nothing readable', async () => {
    const r = await run(`latency compare\n${fixture('psping-basic.txt')}\nvs\nhello\nworld`);
    expect(r.error!.message).toMatch(/^Group 2 has no probe lines I can read\. Paste PsPing TCP runs/);
  });
});

describe('baselines survive a restart', () => {
  it('save, restart, compare before/after: LAT-NOT-INTERLEAVED with a control target', async () => {
    const saved = await run('latency baseline save fp-before 10.1.2.4:3389 from tokyo-dc');
    expect(saved).toMatchObject({ ok: true, command: 'latency baseline save', target: 'fp-before' });
    expect(saved.notes!.join('\n')).toMatch(/^Saved baseline fp-before: 20 samples of 10\.1\.2\.4:3389 from tokyo-dc at \d{4}-/m);
    expect(saved.followUps[0]).toEqual({ title: 'Compare now', command: 'latency compare baseline fp-before' });

    const again = await run('latency baseline save fp-before 10.1.2.4:3389 from tokyo-dc');
    expect(again).toMatchObject({ ok: false, error: { code: 'baseline-exists' } });
    expect(again.error!.message).toMatch(/^A baseline named fp-before already exists \(saved .*\)\. Compare with it, choose another name, or add “replace” to overwrite it\.$/);

    // The change: FastPath takes 1 ms off. Then the bot restarts.
    tokyoTargets['10.1.2.4:3389'] = { baseUs: 2000, spreadUs: 300 };
    await bot.close();
    bot = await startBot(
      [
        { name: 'tokyo-dc', url: tokyo.url, token: TOKYO_TOKEN, site: 'Tokyo DC' },
        { name: 'osaka-dc', url: osaka.url, token: OSAKA_TOKEN, site: 'Osaka DC' },
      ],
      dataDir,
    );
    const list = await run('latency baseline list');
    expect(list.tables[0]!.rows.map((row) => row.slice(0, 4))).toEqual([['fp-before', '10.1.2.4:3389', 'tokyo-dc', '20']]);

    const r = await run('latency compare baseline fp-before');
    expect(r).toMatchObject({ ok: true, command: 'latency compare baseline', target: 'fp-before · 10.1.2.4:3389' });
    expect(tokyo.requests.at(-1)!.body).toEqual({ target: '10.1.2.4:3389', count: 20, warmup: 1, intervalMs: 500, timeoutMs: 2000 });
    expect(ids(r)).toEqual(['LAT-FASTER', 'LAT-NOT-INTERLEAVED']);
    expect(r.verdicts[0]!.title).toMatch(/^now is faster than baseline fp-before by /);
    expect(r.verdicts[1]!.nextSteps.join('\n')).toContain('latency baseline save fp-before-control <control-target> from tokyo-dc');
    expect(r.tables[0]!.columns).toEqual(['Measure', 'baseline fp-before', 'now']);
    expect(r.followUps[0]).toEqual({ title: 'Rerun with n 40', command: 'latency compare baseline fp-before n 40' });
    tokyoTargets['10.1.2.4:3389'] = { baseUs: 3000, spreadUs: 300 };
  });

  it('an unknown baseline: the names that exist', async () => {
    const r = await run('latency compare baseline fp-after');
    expect(r).toMatchObject({ ok: false, error: { code: 'baseline-not-found', suggestions: ['fp-before'] } });
    expect(r.error!.message).toBe('No baseline named fp-after. Saved ones include fp-before.');
    // A typo: the close name, a button that runs the same comparison with it, the list, and no retry wording.
    const typo = await run('latency compare baseline fp-befroe');
    expect(typo).toMatchObject({ ok: false, error: { code: 'baseline-not-found', suggestions: ['fp-before'] } });
    expect(typo.error!.retryable).toBeUndefined();
    expect(typo.followUps.map((f) => f.command)).toEqual(['latency compare baseline fp-before', 'latency baseline list']);
  });

  it('an unknown agent far from every name: no suggestion, but the agents list, and no retry wording', async () => {
    const r = await run('latency 10.1.2.4:3389 from nowhere');
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-agent', suggestions: [] } });
    expect(r.error!.retryable).toBeUndefined();
    expect(r.followUps).toEqual([{ title: 'Probe agents', command: 'agents' }]);
  });

  it('a name that could escape the directory is refused before measuring', async () => {
    const count = tokyo.requests.length;
    const r = await run('latency baseline save ../../etc/x 10.1.2.4:3389');
    expect(r).toMatchObject({ ok: false, error: { code: 'baseline-invalid-name' } });
    expect(tokyo.requests.length).toBe(count);
  });
});

describe('help', () => {
  it('the latency commands have their texts in both languages', async () => {
    const r = await run('help latency compare');
    expect(r.tables[0]!.rows[1]![1]).toMatch(/^latency compare <targetA> <targetB> \[from <agent>\] \[n N\] probes A and B from one agent/);
    const ja = await run('help agents', 'ja');
    expect(ja.tables[0]!.rows[1]![1]).toMatch(/^設定されたプローブ エージェント/);
  });
});

describe('secrets', () => {
  it('no token in any Result, card, text or engine log line of this file', () => {
    expect(results.length).toBeGreaterThan(20);
    expectNoSecret(bot, results, SECRETS);
  });
});
