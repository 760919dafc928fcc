/** Pasted PsPing / ethr / tcping output -> runs: real-format fixtures in test/probes/fixtures/. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerLines, probeLine, statisticsLines } from '../../src/probe-agent/psping-format.ts';
import type { WorkerSample } from '../../src/probe-agent/types.ts';
import { looksLikeLog, parsePingLog, splitGroups, toUs } from '../../src/probes/psping-parse.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('PsPing', () => {
  it('a default run: banner and prompt skipped, the warmup excluded, 4 samples in µs, CRLF', () => {
    const text = fixture('psping-basic.txt');
    expect(text).toContain('\r\n');
    const log = parsePingLog(text);
    expect(log.ignoredCount).toBe(0);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]).toMatchObject({
      tool: 'psping',
      kind: 'connect',
      target: '10.1.2.4:3389',
      samplesUs: [2950, 3400, 12800, 3050],
      failures: 0,
      retransmits: 0,
      warmups: 1,
      binned: false,
      declared: { iterations: 5, warmup: 1 },
      printed: { sent: 4, received: 4, lost: 0, minUs: 2950, maxUs: 12800, avgUs: 5550 },
    });
  });

  it('several runs pasted together stay separate runs (3 runs of 4)', () => {
    const log = parsePingLog(fixture('psping-fastpath-before.txt'));
    expect(log.runs.map((r) => r.samplesUs.length)).toEqual([4, 4, 4]);
    expect(log.runs.map((r) => r.warmups)).toEqual([1, 1, 1]);
    expect(log.runs[1]!.samplesUs).toEqual([3210, 2980, 3150, 3400]);
    // The second paste has the banner only on its first run.
    expect(parsePingLog(fixture('psping-fastpath-after.txt')).runs.map((r) => r.samplesUs.length)).toEqual([4, 4, 4]);
  });

  it('failed probes are losses, a 1 s connect is a retransmit, failed warmups are just warmups', () => {
    const [run] = parsePingLog(fixture('psping-failures.txt')).runs;
    expect(run).toMatchObject({
      target: '10.1.2.5:443',
      samplesUs: [3950, 4020, 3880],
      failures: 2, // timeout + refused
      retransmits: 1, // 1003.55 ms
      warmups: 2,
      declared: { iterations: 8, warmup: 2 },
      printed: { sent: 6, received: 4, lost: 2 },
    });
  });

  it('all probes failed: no samples, every probe a loss, the 0.00ms statistics are not samples', () => {
    const [run] = parsePingLog(fixture('psping-all-failed.txt')).runs;
    expect(run).toMatchObject({ target: '10.1.9.9:22', samplesUs: [], failures: 4, warmups: 1, printed: { sent: 4, received: 0, lost: 4, minUs: 0, maxUs: 0, avgUs: 0 } });
  });

  it('-h without individual lines: samples rebuilt from the histogram, marked binned', () => {
    const [run] = parsePingLog(fixture('psping-histogram.txt')).runs;
    expect(run!.binned).toBe(true);
    expect(run!.histogram).toEqual([
      { upperUs: 2810, count: 4 },
      { upperUs: 3100, count: 21 },
      { upperUs: 3400, count: 15 },
      { upperUs: 3690, count: 6 },
      { upperUs: 3980, count: 3 },
      { upperUs: 6200, count: 1 },
    ]);
    expect(run!.samplesUs).toHaveLength(50);
    expect(run!.samplesUs.filter((s) => s === 3100)).toHaveLength(21);
    expect(run!.printed).toMatchObject({ sent: 50, received: 50 });
  });

  it('-l latency mode: round trips, the "Maxiumum" typo, histogram samples', () => {
    const [run] = parsePingLog(fixture('psping-latency-mode.txt')).runs;
    expect(run).toMatchObject({
      kind: 'roundtrip',
      target: '10.1.2.4:5201',
      binned: true,
      declared: { iterations: 15, warmup: 5 },
      printed: { sent: 10, minUs: 190, maxUs: 580, avgUs: 280 },
    });
    expect(run!.samplesUs).toEqual([190, 190, 190, 320, 320, 320, 320, 320, 450, 580]);
  });

  it('-l without -h: statistics only, no samples', () => {
    const text = fixture('psping-latency-mode.txt').split(/\r?\n/).slice(0, 15).join('\n');
    const [run] = parsePingLog(text).runs;
    expect(run).toMatchObject({ kind: 'roundtrip', samplesUs: [], binned: false, printed: { maxUs: 580 } });
  });

  it('a stats block after an interrupted -t run without any header', () => {
    const log = parsePingLog(fixture('psping-interrupted.txt'));
    expect(log.ignoredCount).toBe(0);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]).toMatchObject({ target: '10.1.2.4:3389', samplesUs: [3010, 2970, 3220, 3080], failures: 1, printed: { sent: 5, received: 4, lost: 1 } });
  });

  it('Japanese Windows: Japanese error text is a failure; decimal commas are read', () => {
    const [run] = parsePingLog(fixture('psping-ja.txt')).runs;
    expect(run).toMatchObject({ samplesUs: [2950, 3400], failures: 1, warmups: 1, printed: { sent: 3, minUs: 2950, avgUs: 3180 } });
  });

  it('tolerates extra whitespace, tabs, full-width digits and stray CR', () => {
    const text = '  TCP connect to   10.1.2.4:3389:\r\r\n\tConnecting to 10.1.2.4:3389:   from 10.9.0.2:50002:   ２.９５ms  \n';
    expect(parsePingLog(text).runs[0]).toMatchObject({ target: '10.1.2.4:3389', samplesUs: [2950] });
  });

  it('IPv6 targets keep their brackets; a new target starts a new run', () => {
    const text = [
      'Connecting to [2001:db8::4]:443: from [2001:db8::2]:50001: 1.50ms',
      'Connecting to [2001:db8::4]:443: from [2001:db8::2]:50002: 1.60ms',
      'Connecting to 10.1.2.4:443: from 10.9.0.2:50003: 2.00ms',
    ].join('\n');
    expect(parsePingLog(text).runs.map((r) => [r.target, r.samplesUs])).toEqual([
      ['[2001:db8::4]:443', [1500, 1600]],
      ['10.1.2.4:443', [2000]],
    ]);
  });

  it('reads netops-probe\'s own output back completely, its retransmit note included', () => {
    const sample = (seq: number, rttUs: number, warmup = false): WorkerSample => ({ target: '10.1.2.4:3389', seq, round: seq, warmup, ok: true, rttUs, retransmit: rttUs >= 1_000_000, localAddress: '10.9.0.2', localPort: 50001 + seq });
    const samples = [sample(0, 3100, true), sample(1, 2950), sample(2, 1_003_400), sample(3, 3800), sample(4, 3050)];
    const text = [...headerLines('10.1.2.4:3389', 4, 1), ...samples.map((s) => probeLine('10.1.2.4:3389', s)), ...statisticsLines('10.1.2.4:3389', samples.filter((s) => !s.warmup))].join('\n');
    expect(text).toMatch(/Note: 1 connect took 1 s or more/);
    const log = parsePingLog(text);
    expect(log.ignoredCount).toBe(0);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]).toMatchObject({ samplesUs: [2950, 3800, 3050], retransmits: 1, warmups: 1 });
  });

  it('lines it does not understand are counted and shown (the first 20), never fatal', () => {
    const log = parsePingLog(`hello\n${fixture('psping-basic.txt')}\nsomething odd`);
    expect(log.runs).toHaveLength(1);
    expect(log.ignoredCount).toBe(2);
    expect(log.ignored[0]).toEqual({ line: 1, text: 'hello' });
  });
});

describe('ethr and tcping', () => {
  it('ethr connection lines with ns/us/ms/s units; 1.003 s is a retransmit; v6 targets apart', () => {
    const log = parsePingLog(fixture('ethr.txt'));
    expect(log.ignoredCount).toBe(0);
    expect(log.runs.map((r) => ({ tool: r.tool, target: r.target, samplesUs: r.samplesUs, retransmits: r.retransmits }))).toEqual([
      { tool: 'ethr', target: '10.1.2.4:8888', samplesUs: [1234, 987.5, 1102, 1010, 1150], retransmits: 1 },
      { tool: 'ethr', target: '[fd00::4]:8888', samplesUs: [1500], retransmits: 0 },
    ]);
  });

  it('tcping: "Port is open" samples, "No response" a loss, its statistics read but not samples', () => {
    const log = parsePingLog(fixture('tcping.txt'));
    expect(log.ignoredCount).toBe(0);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]).toMatchObject({ tool: 'tcping', target: '10.1.2.4:3389', samplesUs: [12345, 11872, 13048, 12101], failures: 1, printed: { minUs: 11872, maxUs: 13048 } });
  });

  it('units', () => {
    expect(toUs(1.234, 'ms')).toBe(1234);
    expect(toUs(987.5, 'us')).toBe(987.5);
    expect(toUs(987.5, 'µs')).toBe(987.5);
    expect(toUs(1150000, 'ns')).toBe(1150);
    expect(toUs(1.003, 's')).toBe(1_003_000);
  });
});

describe('groups', () => {
  it('a line "vs" splits the paste into groups; without it there are none', () => {
    const text = `${fixture('psping-fastpath-before.txt')}\r\n  VS  \r\n${fixture('psping-fastpath-after.txt')}`;
    const groups = splitGroups(text)!;
    expect(groups).toHaveLength(2);
    expect(groups.map((g) => parsePingLog(g).runs.reduce((s, r) => s + r.samplesUs.length, 0))).toEqual([12, 12]);
    expect(splitGroups(fixture('psping-basic.txt'))).toBeUndefined();
    // "vs" inside a line is not a separator.
    expect(splitGroups('compare a vs b')).toBeUndefined();
  });

  it('tells a pasted log from command words', () => {
    expect(looksLikeLog('10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 40')).toBe(false);
    expect(looksLikeLog(fixture('psping-basic.txt'))).toBe(true);
    expect(looksLikeLog('Connecting to 10.1.2.4:3389: from 10.9.0.2:50002: 2.95ms')).toBe(true);
  });
});
