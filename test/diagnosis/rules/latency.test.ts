/** The latency rules, one by one, with exact figures in the evidence (en and ja). */
import { describe, expect, it } from 'vitest';
import type { LatencyObservation, LatencySideObservation } from '../../../src/diagnosis/latency.ts';
import { latEquivalent, latFaster, latInconclusive, latLoss, latNotInterleaved, latSlower } from '../../../src/diagnosis/rules/latency.ts';
import { formatMs, formatP, formatSignedMs } from '../../../src/diagnosis/rules/latency-format.ts';
import { translator } from '../../../src/i18n/index.ts';
import { compareSamples, comparePaired, summarize, type Comparison } from '../../../src/probes/stats.ts';

const en = translator('en');
const ja = translator('ja');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

// PsPing-like before/after (µs): before ~3.1 ms, after ~2.1 ms. Reference figures for BEFORE − AFTER, computed
// with SciPy 1.17.1 and the plain Python Hodges–Lehmann of test/probes/reference/reference.py:
//   two-sample: HL 1055, 95 % CI [970, 1150] (exact K = 37: covers 95.5 %), p = 2 / C(24, 12) = 7.4e-7 (every
//               BEFORE above every AFTER; exact given the ties); medians 3115 and 2070;
//   paired:     Walsh HL 1062.5, CI [925, 1195], wilcoxon p = 0.00048828125 (tied differences: permutation test).
const BEFORE = [3120, 3050, 3300, 3080, 3210, 2980, 3150, 3400, 3020, 3110, 3260, 3090];
const AFTER = [2050, 2110, 1980, 2200, 2020, 2150, 2080, 2010, 2100, 1990, 2060, 2310];

function side(label: string, samples: number[], lost = 0, retransmits = 0): LatencySideObservation {
  const summary = summarize([samples]);
  return { label, sent: samples.length + lost + retransmits, lost, retransmits, ...(summary ? { summary } : {}) };
}

function obs(a: number[], b: number[], over: Partial<LatencyObservation> = {}, comparison: Comparison | undefined = compareSamples(a, b)): LatencyObservation {
  return { design: 'interleaved', a: side('vm-a:3389', a), b: side('vm-b:3389', b), ...(comparison ? { comparison } : {}), ...over };
}

describe('formats', () => {
  it('exact figures', () => {
    expect(formatMs(2950)).toBe('2.950 ms');
    expect(formatMs(123_456)).toBe('123.46 ms');
    expect(formatMs(1_003_560)).toBe('1003.6 ms');
    expect(formatSignedMs(1040)).toBe('+1.040 ms');
    expect(formatSignedMs(-150)).toBe('−0.150 ms');
    expect(formatSignedMs(0)).toBe('0.000 ms');
    expect(formatP(0.03125)).toBe('0.0313');
    expect(formatP(2.1e-7)).toBe('2.1e-7');
  });
});

describe('LAT-FASTER', () => {
  it('B is faster by more than δ: shift, interval, p, δ and n in the evidence', () => {
    const o = obs(BEFORE, AFTER, { design: 'before-after' });
    const c = o.comparison!;
    expect(c.decision.outcome).toBe('faster');
    const [v] = latFaster(o, en);
    expect(v).toMatchObject({ ruleId: 'LAT-FASTER', severity: 'info' }); // as the rule catalogue has it
    expect(v!.title).toBe(`vm-b:3389 is faster than vm-a:3389 by ${formatMs(c.shift.estimate)} (95 % CI ${formatMs(c.shift.lower!)} to ${formatMs(c.shift.upper!)})`);
    expect(v!.title).toBe('vm-b:3389 is faster than vm-a:3389 by 1.055 ms (95 % CI 0.970 ms to 1.150 ms)');
    expect(v!.evidence).toEqual([
      'n per side: vm-a:3389 12, vm-b:3389 12',
      'Medians: vm-a:3389 3.115 ms, vm-b:3389 2.070 ms',
      'Shift vm-a:3389 − vm-b:3389 (Hodges–Lehmann, median of all pairwise differences): +1.055 ms, 95 % CI [+0.970 ms, +1.150 ms] (positive: vm-a:3389 takes longer)',
      'p = 7.4e-7 (Mann–Whitney U, two-sided, exact)',
      'Practical threshold δ = 0.200 ms: the larger of 0.2 ms and 5 % of the median of vm-a:3389 (3.115 ms)',
    ]);
    // A non-interleaved design says so in the next steps.
    expect(v!.nextSteps.at(-1)).toContain('not interleaved');
    expect(latSlower(o, en)).toEqual([]);
    expect(latEquivalent(o, en)).toEqual([]);
    expect(latInconclusive(o, en)).toEqual([]);
  });
  it('paired: the evidence speaks of pairs and the signed-rank test', () => {
    const pairs = BEFORE.map((x, i) => [x, AFTER[i]!] as [number, number]);
    const o = obs(BEFORE, AFTER, {}, comparePaired(pairs));
    const [v] = latFaster(o, en);
    expect(v!.evidence[0]).toBe('Interleaved pairs: 12 (rounds in which both probes connected; probes sent: vm-a:3389 12, vm-b:3389 12)');
    expect(v!.evidence[2]).toBe('Shift vm-a:3389 − vm-b:3389 (Hodges–Lehmann on the pairs, median of Walsh averages): +1.063 ms, 95 % CI [+0.925 ms, +1.195 ms] (positive: vm-a:3389 takes longer)');
    expect(v!.evidence[3]).toBe('p = 0.0005 (Wilcoxon signed-rank on the pairs, two-sided, exact over every sign assignment (ties))');
    expect(v!.nextSteps).toHaveLength(1);
  });
});

describe('LAT-SLOWER', () => {
  it('B is slower by more than δ, as info (the catalogue\'s severity), magnitudes in the title', () => {
    const o = obs(AFTER, BEFORE);
    const [v] = latSlower(o, en);
    expect(v).toMatchObject({ ruleId: 'LAT-SLOWER', severity: 'info', title: 'vm-b:3389 is slower than vm-a:3389 by 1.055 ms (95 % CI 0.970 ms to 1.150 ms)' });
    expect(v!.evidence[2]).toContain('−1.055 ms, 95 % CI [−1.150 ms, −0.970 ms]');
    expect(latFaster(o, en)).toEqual([]);
  });
});

describe('LAT-EQUIVALENT', () => {
  it('the whole interval within ±δ', () => {
    const a = [3000, 3010, 3020, 3030, 3040, 3050, 3060, 3070, 3080, 3090, 3005, 3015, 3025, 3035, 3045, 3055, 3065, 3075, 3085, 3095];
    const b = a.map((x) => x + 20);
    const o = obs(a, b);
    expect(o.comparison!.decision.outcome).toBe('equivalent');
    const [v] = latEquivalent(o, en);
    expect(v).toMatchObject({ ruleId: 'LAT-EQUIVALENT', severity: 'ok', title: 'vm-a:3389 and vm-b:3389 are equivalent: any difference is within ±0.200 ms' });
    expect(v!.detail).toContain('−0.040 ms');
  });
});

describe('LAT-INCONCLUSIVE', () => {
  it('interval across δ: "collect about N more per side", with a button for that n', () => {
    const a = [3000, 3900, 3100, 3700, 3300, 3500, 3200, 3800, 3400, 3600];
    const b = a.map((x) => x - 300);
    const o = obs(a, b, { rerunWith: (n) => `latency compare vm-a:3389 vm-b:3389 from tokyo-dc n ${n}` });
    const c = o.comparison!;
    expect(c.decision.outcome).toBe('inconclusive');
    const total = c.decision.suggestedPerSide!;
    const [v] = latInconclusive(o, en);
    expect(v).toMatchObject({ ruleId: 'LAT-INCONCLUSIVE', severity: 'warning', title: `Not enough data to tell vm-a:3389 and vm-b:3389 apart: collect about ${total - 10} more per side` });
    expect(v!.detail).toContain(`With about ${total} samples per side`);
    expect(v!.followUps).toEqual([{ title: `Run with n ${total}`, command: `latency compare vm-a:3389 vm-b:3389 from tokyo-dc n ${total}` }]);
  });
  it('above the bot\'s maximum per run, and for pasted logs (no re-run)', () => {
    const a = [3000, 3900, 3100, 3700, 3300, 3500, 3200, 3800, 3400, 3600];
    const b = a.map((x) => x - 210);
    const o = obs(a, b, { rerunWith: (n) => `x n ${n}`, maxCount: 50 });
    const [v] = latInconclusive(o, en);
    expect(v!.followUps![0]!.command).toBe('x n 50');
    expect(v!.nextSteps[0]).toMatch(/one run takes at most 50/);
    const pasted = latInconclusive(obs(a, b, { design: 'pasted' }), en)[0]!;
    expect(pasted.followUps).toBeUndefined();
    expect(pasted.nextSteps[0]).toMatch(/^Paste more runs of each side/);
  });
  it('too few samples for the test to reach 0.05: no interval, no verdict; the least that could decide and the recommended 20', () => {
    const [v] = latInconclusive(obs([3000, 3100], [2000, 2100]), en);
    expect(v!.detail).toBe(
      'With 2 and 2 samples the exact test cannot reach the 0.05 level whatever the values: the smallest p-value it can give, even with every sample of one side beyond every one of the other, is 0.3333. So there is no 95 % interval and no verdict. From 4 per side on the test can decide, but only a difference clear of all the spread would show; collect 20 per side, the recommended count.',
    );
    expect(v!.evidence[2]).toContain('too few samples for a 95 % interval');
    // Pairs: six are the least (2/64); five give at best p = 0.0625.
    const five = [3000, 3100, 3200, 3300, 3400];
    const pairs = five.map((x) => [x, x - 1000] as [number, number]);
    const [w] = latInconclusive(obs(five, five.map((x) => x - 1000), {}, comparePaired(pairs)), en);
    expect(w!.detail).toMatch(/^With 5 and 5 samples the exact test cannot reach the 0\.05 level .* is 0\.0625\. .* From 6 per side on/);
    expect(latFaster(obs(five, five.map((x) => x - 1000), {}, comparePaired(pairs)), en)).toEqual([]);
  });
  it("issue 15, point 9: 3 vs 3, every sample of A above every one of B, pasted: inconclusive, asks for 20 per side", () => {
    // Before: "group 2 is faster than group 1 by 1.000 ms (95 % CI 0.800 ms to 1.200 ms)" next to "p = 0.1000".
    const o: LatencyObservation = { ...obs([3000, 3100, 3200], [2000, 2100, 2200]), design: 'pasted', groups: [1, 1], a: side('group 1', [3000, 3100, 3200]), b: side('group 2', [2000, 2100, 2200]) };
    expect(latFaster(o, en)).toEqual([]);
    const [v] = latInconclusive(o, en);
    expect(v!.title).toBe('Not enough data to tell group 1 and group 2 apart: collect about 17 more per side');
    expect(v!.detail).toBe(
      'With 3 and 3 samples the exact test cannot reach the 0.05 level whatever the values: the smallest p-value it can give, even with every sample of one side beyond every one of the other, is 0.1000. So there is no 95 % interval and no verdict. From 4 per side on the test can decide, but only a difference clear of all the spread would show; collect 20 per side, the recommended count.',
    );
    expect(v!.evidence).toContain('Shift group 1 − group 2 (Hodges–Lehmann, median of all pairwise differences): +1.000 ms; too few samples for a 95 % interval');
    expect(v!.evidence).toContain('p = 0.1000 (Mann–Whitney U, two-sided, exact)');
    expect(v!.nextSteps[0]).toBe('Paste more runs of each side: about 17 more samples per side (20 in all).');
    const [j] = latInconclusive(o, ja);
    expect(j!.detail).toMatch(JAPANESE);
    expect(j!.detail).toContain('0.1000');
    expect(j!.detail).toContain('各側 4 件');
  });
  it('the interval clears δ but the test does not reach 0.05 (many equal values): inconclusive, says so', () => {
    const c = compareSamples(BEFORE, AFTER)!;
    // As the decision has it for p above 0.05 (see decide in test/probes/stats.test.ts): a comparison built so.
    const o = obs(BEFORE, AFTER, {}, { ...c, p: 0.0612, decision: { outcome: 'inconclusive', delta: 200, suggestedPerSide: 30, basis: 'test' } });
    const [v] = latInconclusive(o, en);
    expect(v!.detail).toBe(
      'The 95 % interval of the difference (+0.970 ms to +1.150 ms) lies beyond the practical threshold ±0.200 ms, but the test gives p = 0.0612, above 0.05 (many samples have equal values): not enough to call it. Collect at least 30 per side and compare again.',
    );
    expect(latInconclusive(o, ja)[0]!.detail).toMatch(JAPANESE);
  });
  it('a side without any latency sample', () => {
    const o: LatencyObservation = { design: 'interleaved', a: side('vm-a:3389', BEFORE), b: side('vm-b:3389', [], 12) };
    const [v] = latInconclusive(o, en);
    expect(v!.title).toBe('No latency samples from vm-b:3389: nothing to compare');
  });
  it('nothing to say for a single run', () => {
    expect(latInconclusive({ design: 'single', a: side('x', BEFORE) }, en)).toEqual([]);
  });
});

describe('LAT-LOSS', () => {
  it('failed probes and retransmits per side, apart from latency', () => {
    const o: LatencyObservation = { design: 'interleaved', a: side('vm-a:3389', BEFORE.slice(0, 10), 1, 1), b: side('vm-b:3389', AFTER) };
    const vs = latLoss(o, en);
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ ruleId: 'LAT-LOSS', severity: 'warning', scope: 'vm-a:3389', title: 'vm-a:3389: 1 of 12 probes failed and 1 took 1 s or more' });
    expect(vs[0]!.evidence).toEqual([
      'Failed probes: 1 of 12 (8.3 %)',
      'Connects of 1 s or more (SYN retransmits): 1 of 12',
      'Latency figures use the 10 probes that connected (p50 3.110 ms)',
    ]);
  });
  it('every probe failed: a warning that says so; a single run has no scope', () => {
    const [v] = latLoss({ design: 'single', a: side('10.1.9.9:22', [], 4) }, en);
    expect(v).toMatchObject({ severity: 'warning', title: '10.1.9.9:22: every probe failed (4 of 4)' });
    expect(v!.scope).toBeUndefined();
  });
  it('retransmits only; none without loss', () => {
    expect(latLoss({ design: 'single', a: side('t', BEFORE, 0, 2) }, en)[0]!.title).toBe('t: 2 of 14 connects took 1 s or more (SYN retransmits)');
    expect(latLoss({ design: 'single', a: side('t', BEFORE) }, en)).toEqual([]);
  });
});

describe('LAT-NOT-INTERLEAVED', () => {
  it('before/after: flagged with the control target commands', () => {
    const o = obs(BEFORE, AFTER, {
      design: 'before-after',
      baseline: { name: 'fp-before', savedAt: '2026-05-12T09:00:00.000Z', agent: 'tokyo-dc', control: { save: 'latency baseline save fp-before-control <control-target>', compare: 'latency compare baseline fp-before-control' } },
    });
    const [v] = latNotInterleaved(o, en);
    expect(v).toMatchObject({ ruleId: 'LAT-NOT-INTERLEAVED', severity: 'info', title: 'Before and after were measured at different times, not interleaved' });
    expect(v!.evidence).toEqual(['Baseline fp-before saved 2026-05-12T09:00:00.000Z from tokyo-dc; compared with a measurement now']);
    expect(v!.nextSteps.join('\n')).toContain('latency baseline save fp-before-control <control-target>');
  });
  it('pasted and concurrent; never for interleaved or single', () => {
    expect(latNotInterleaved(obs(BEFORE, AFTER, { design: 'pasted', groups: [3, 3] }), en)[0]!.evidence).toEqual(['vm-a:3389: 3 runs; vm-b:3389: 3 runs']);
    expect(latNotInterleaved(obs(BEFORE, AFTER, { design: 'concurrent', agents: ['tokyo-dc', 'osaka-dc'] }), en)[0]!.title).toBe('Two vantage points, measured at the same time but not interleaved');
    expect(latNotInterleaved(obs(BEFORE, AFTER), en)).toEqual([]);
    expect(latNotInterleaved({ design: 'single', a: side('x', BEFORE) }, en)).toEqual([]);
  });
});

describe('Japanese', () => {
  it('every rule speaks Japanese, with the same figures', () => {
    const o = obs(BEFORE, AFTER, { design: 'pasted', groups: [3, 3] });
    const all = [...latFaster(o, ja), ...latNotInterleaved(o, ja), ...latLoss({ design: 'single', a: side('t', [], 3) }, ja)];
    expect(all).toHaveLength(3);
    for (const v of all) {
      expect(v.title).toMatch(JAPANESE);
      expect(v.detail).toMatch(JAPANESE);
    }
    expect(all[0]!.title).toBe('vm-b:3389 は vm-a:3389 より 1.055 ms 速い (95 % 信頼区間 0.970 ms～1.150 ms)');
    expect(all[0]!.evidence.join('\n')).toContain('+0.970 ms');
  });
});
