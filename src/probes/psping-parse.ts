/**
 * Reads pasted latency logs: Sysinternals PsPing TCP runs, ethr connection lines and tcping lines
 * (docs/latency.md, "Pasted logs"). Pure: text in, runs out.
 *
 * PsPing, per run (banner and prompt optional; `-nobanner` drops the banner):
 *   PS C:\> psping -n 4 10.1.2.4:3389                        prompt: skipped, starts a new run
 *   PsPing v2.12 - PsPing - ping, latency, ...               banner (3 lines): skipped
 *   TCP connect to 10.1.2.4:3389:                            header: target
 *   5 iterations (warmup 1) ping test:                       count includes warmups
 *   Connecting to 10.1.2.4:3389 (warmup): from …: 3.10ms     warmup: excluded
 *   Connecting to 10.1.2.4:3389: from 10.9.0.2:50002: 2.95ms sample
 *   Connecting to 10.1.2.4:3389: This operation returned …   failed probe: a loss
 *   TCP connect statistics for 10.1.2.4:3389:                stats block (also after an interrupted -t run,
 *     Sent = 4, Received = 4, Lost = 0 (0% loss),              with or without this header): read, compared
 *     Minimum = 2.95ms, Maximum = 12.80ms, Average = 5.55ms    with the lines seen, not used as samples
 *   Latency  Count / 2.95  12                                `-h` histogram: samples only when the run has no
 *                                                             individual lines (then marked `binned`)
 * `-l` (latency mode) prints "TCP latency test connecting to X", "TCP roundtrip latency statistics (post
 * warmup):" and, in one build, "Maxiumum": such runs are round trips on an open connection, not connects
 * (kind 'roundtrip'), and have samples only through `-h`.
 * ethr: `[tcp] Connection from [lip]:lp to [rip]:rp: 1.234ms` (ns, us/µs, ms, s).
 * tcping: `Probing ip:port/tcp - Port is open - time=12.345ms`; "No response" is a loss.
 *
 * Tolerant of CRLF, stray CR, tabs and extra spaces, full-width digits (NFKC) and decimal commas ("2,95ms",
 * Windows locales that use them). A connect of 1 s or more is a SYN retransmit: counted as a loss event, not
 * as a sample (as the probe agent does).
 */

export type RunTool = 'psping' | 'ethr' | 'tcping';
/** 'connect': TCP connect times; 'roundtrip': PsPing `-l` round trips on an established connection. */
export type RunKind = 'connect' | 'roundtrip';

/** A connect of this many µs or more is a SYN retransmit. */
export const RETRANSMIT_US = 1_000_000;

export interface PrintedStats {
  sent?: number;
  received?: number;
  lost?: number;
  minUs?: number;
  maxUs?: number;
  avgUs?: number;
}

export interface HistogramRow {
  /** Upper edge of the bucket, µs. */
  upperUs: number;
  count: number;
}

export interface ParsedRun {
  tool: RunTool;
  kind: RunKind;
  /** "10.1.2.4:3389" or "[2001:db8::4]:443"; undefined when the paste never names it. */
  target?: string;
  /** Measured samples in µs, in the order printed; warmups, failures and ≥ 1 s connects are not in it. */
  samplesUs: number[];
  /** Probes that failed with an error text (or tcping's "No response"). */
  failures: number;
  /** Connects of 1 s or more (SYN retransmits): loss events, left out of samples. */
  retransmits: number;
  /** Warmup lines skipped. */
  warmups: number;
  /** Samples were rebuilt from a `-h` histogram (each at its bucket's upper edge). */
  binned: boolean;
  /** The header's "N iterations (warmup W)". */
  declared?: { iterations: number; warmup: number };
  /** What the tool printed in its own statistics block. */
  printed?: PrintedStats;
  histogram?: HistogramRow[];
  /** 1-based line numbers of the run's first and last line in the paste. */
  firstLine: number;
  lastLine: number;
}

export interface IgnoredLine {
  line: number;
  text: string;
}

export interface ParsedLog {
  runs: ParsedRun[];
  /** Lines that are neither part of a run nor known noise (first MAX_IGNORED_SHOWN), and how many in all. */
  ignored: IgnoredLine[];
  ignoredCount: number;
  /** Known noise skipped: banners, prompts, progress, blank lines, histogram rows of runs with samples. */
  skippedCount: number;
}

export const MAX_IGNORED_SHOWN = 20;

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
const UNIT_US: Readonly<Record<string, number>> = { ns: 0.001, us: 1, 'µs': 1, 'μs': 1, ms: 1000, s: 1_000_000 };

/** "2,95" -> 2.95 */
function num(text: string): number {
  return Number(text.replace(',', '.'));
}

/** Microseconds, rounded to the nanosecond so that 2.95 ms is 2950, not 2950.0000000000005. */
export function toUs(value: number, unit: string): number {
  const f = UNIT_US[unit.toLowerCase()] ?? UNIT_US[unit] ?? 1000;
  return Math.round(value * f * 1000) / 1000;
}

/** host:port with the host as written; v6 in brackets. */
function targetOf(host: string, port: string): string {
  const h = host.replace(/^\[|\]$/g, '');
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}

const TARGET = String.raw`(\[[0-9a-fA-F:.]+\]|[^\s:\[\]]+):(\d{1,5})`;

const RE = {
  banner: /^PsPing v\d|^Copyright \(C\).*Russinovich|^Sysinternals - www\.sysinternals\.com/i,
  prompt: /^(?:PS [^>]*>|[A-Za-z]:\\[^>]*>|\$ |[\w.-]+@[\w.-]+[^$#]*[$#] |(?:\.[\\/])?(?:psping|psping64|tcping|ethr)(?:\.exe)?(?:\s|$))/i,
  connectHeader: new RegExp(String.raw`^TCP connect to ${TARGET}:?\s*$`, 'i'),
  latencyHeader: new RegExp(String.raw`^TCP latency test connecting to ${TARGET}:?`, 'i'),
  iterations: /^(\d+) iterations \(warmup (\d+)\)/i,
  connecting: new RegExp(String.raw`^Connecting to ${TARGET}(\s*\(warmup\))?:\s*(.*)$`, 'i'),
  sampleTail: new RegExp(String.raw`^from\s+\S+:\s*${NUM}\s*(ms|us|µs|μs|ns|s)\s*$`, 'i'),
  statsHeader: new RegExp(String.raw`^(?:TCP connect statistics for ${TARGET}:?|TCP roundtrip latency statistics.*)$`, 'i'),
  sentLine: /^Sent\s*=\s*(\d+),\s*(?:Received\s*=\s*(\d+),\s*Lost\s*=\s*(\d+)|Size\s*=)/i,
  minMaxAvg: new RegExp(String.raw`^Minimum\s*=\s*${NUM}\s*ms,\s*Maxi(?:mum|umum)\s*=\s*${NUM}\s*ms,\s*Average\s*=\s*${NUM}\s*ms`, 'i'),
  histogramHeader: /^Latency\s+Count\s*$/i,
  histogramRow: new RegExp(String.raw`^${NUM}\s*(?:ms)?\s+(\d+)\s*$`, 'i'),
  ethr: new RegExp(String.raw`^\[tcp\]\s+Connection from\s+\S+\s+to\s+(\[[^\]]+\]):(\d{1,5}):\s*${NUM}\s*(ms|us|µs|μs|ns|s)\s*$`, 'i'),
  tcping: new RegExp(String.raw`^Probing\s+${TARGET}/tcp\s+-\s+(.*?)\s*(?:-\s*time=${NUM}\s*ms)?\s*$`, 'i'),
  tcpingStats: /^(?:Ping statistics for \S+|\d+ probes sent\.?|\d+ successful, \d+ failed\.?.*|Approximate trip times in milli-seconds:?|\*\* Pinging .*\*\*|Was unable to connect.*)$/i,
  // netops-probe's own note on retransmits (psping-format.ts) is noise here: the samples already say it.
  noise: /^(?:\d{1,3}%|Control-C|\^C|Connected|Note: \d+ connects? took 1 s or more \(SYN retransmits?\).*)$/i,
  ethrNoise: /^(?:Ethr|Using destination|Connecting to host|\[tcp\] Connection latency|-{3,}|=+|Connection count|Latency:|Avg |.*Ethr done.*)/i,
};

interface Builder extends ParsedRun {
  /** The stats block has been read (a new sample line afterwards starts a new run). */
  closed: boolean;
  individual: number;
}

function newRun(tool: RunTool, kind: RunKind, line: number, target?: string): Builder {
  const run: Builder = { tool, kind, samplesUs: [], failures: 0, retransmits: 0, warmups: 0, binned: false, firstLine: line, lastLine: line, closed: false, individual: 0 };
  if (target !== undefined) run.target = target;
  return run;
}

function addSample(run: Builder, us: number): void {
  run.individual++;
  if (us >= RETRANSMIT_US) run.retransmits++;
  else run.samplesUs.push(us);
}

/** Normalizes line endings, width and spaces; keeps one entry per line. */
export function logLines(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\t\u00A0\u3000]/g, ' ').replace(/\s+/g, ' ').trim());
}

export function parsePingLog(text: string): ParsedLog {
  const lines = logLines(text);
  const runs: Builder[] = [];
  const ignored: IgnoredLine[] = [];
  let ignoredCount = 0;
  let skippedCount = 0;
  let current: Builder | undefined;
  let inHistogram = false;

  const start = (run: Builder) => {
    current = run;
    runs.push(run);
    inHistogram = false;
    return run;
  };
  const end = () => {
    current = undefined;
    inHistogram = false;
  };
  /** The open run for a sample of (tool, target), or a new one. */
  const runFor = (tool: RunTool, target: string, line: number): Builder => {
    const c = current;
    if (c && c.tool === tool && !c.closed && (c.target === undefined || c.target === target)) {
      c.target ??= target;
      return c;
    }
    return start(newRun(tool, 'connect', line, target));
  };
  const ignore = (line: number, text: string) => {
    ignoredCount++;
    if (ignored.length < MAX_IGNORED_SHOWN) ignored.push({ line, text });
  };

  lines.forEach((l, i) => {
    const no = i + 1;
    const touch = () => current && (current.lastLine = no);
    if (l === '') {
      skippedCount++;
      return;
    }
    let m: RegExpExecArray | null;

    if (inHistogram && current && (m = RE.histogramRow.exec(l))) {
      (current.histogram ??= []).push({ upperUs: toUs(num(m[1]!), 'ms'), count: Number(m[2]) });
      touch();
      return;
    }
    inHistogram = false;

    if (RE.prompt.test(l) || RE.banner.test(l)) {
      end();
      skippedCount++;
      return;
    }
    if ((m = RE.connectHeader.exec(l))) {
      start(newRun('psping', 'connect', no, targetOf(m[1]!, m[2]!)));
      return;
    }
    if ((m = RE.latencyHeader.exec(l))) {
      start(newRun('psping', 'roundtrip', no, targetOf(m[1]!, m[2]!)));
      return;
    }
    if ((m = RE.iterations.exec(l))) {
      // A latency-mode run prints its header line twice (progress); a connect run once, after "TCP connect to".
      const run = current && current.tool === 'psping' && current.individual === 0 && !current.closed ? current : start(newRun('psping', 'connect', no));
      run.declared = { iterations: Number(m[1]), warmup: Number(m[2]) };
      touch();
      return;
    }
    if ((m = RE.connecting.exec(l))) {
      const target = targetOf(m[1]!, m[2]!);
      const run = runFor('psping', target, no);
      run.lastLine = no;
      const warmup = Boolean(m[3]);
      const tail = m[4]!;
      const sample = RE.sampleTail.exec(tail);
      if (warmup) run.warmups++;
      else if (sample) addSample(run, toUs(num(sample[1]!), sample[2]!));
      else {
        run.individual++;
        run.failures++;
      }
      return;
    }
    if ((m = RE.statsHeader.exec(l))) {
      // After an interrupted -t run the header may be missing, or name the run we are in.
      if (!current || current.closed) start(newRun('psping', /roundtrip/i.test(l) ? 'roundtrip' : 'connect', no, m[1] ? targetOf(m[1], m[2]!) : undefined));
      current!.printed ??= {};
      if (/roundtrip/i.test(l)) current!.kind = 'roundtrip';
      touch();
      return;
    }
    if ((m = RE.sentLine.exec(l))) {
      const run = current && !current.closed ? current : start(newRun('psping', 'connect', no));
      const printed = (run.printed ??= {});
      printed.sent = Number(m[1]);
      if (m[2] !== undefined) printed.received = Number(m[2]);
      if (m[3] !== undefined) printed.lost = Number(m[3]);
      touch();
      return;
    }
    if ((m = RE.minMaxAvg.exec(l))) {
      if (current && (current.tool === 'psping' || current.tool === 'tcping')) {
        const printed = (current.printed ??= {});
        printed.minUs = toUs(num(m[1]!), 'ms');
        printed.maxUs = toUs(num(m[2]!), 'ms');
        printed.avgUs = toUs(num(m[3]!), 'ms');
        current.closed = true;
        touch();
      } else skippedCount++;
      return;
    }
    if (RE.histogramHeader.test(l)) {
      if (!current) start(newRun('psping', 'connect', no));
      inHistogram = true;
      touch();
      return;
    }
    if ((m = RE.ethr.exec(l))) {
      const run = runFor('ethr', targetOf(m[1]!, m[2]!), no);
      run.lastLine = no;
      addSample(run, toUs(num(m[3]!), m[4]!));
      return;
    }
    if ((m = RE.tcping.exec(l))) {
      const run = runFor('tcping', targetOf(m[1]!, m[2]!), no);
      run.lastLine = no;
      if (/port is open/i.test(m[3]!) && m[4] !== undefined) addSample(run, toUs(num(m[4]), 'ms'));
      else {
        run.individual++;
        run.failures++;
      }
      return;
    }
    if (RE.tcpingStats.test(l)) {
      if (current?.tool === 'tcping') touch();
      skippedCount++;
      return;
    }
    if (RE.noise.test(l) || RE.ethrNoise.test(l)) {
      skippedCount++;
      return;
    }
    ignore(no, l);
  });

  for (const run of runs) {
    // `-h` without individual lines: the histogram is all there is. Each bucket's count at its upper edge.
    if (run.individual === 0 && run.histogram && run.histogram.length > 0) {
      for (const row of run.histogram) for (let k = 0; k < row.count; k++) addSample(run, row.upperUs);
      run.individual = 0;
      run.binned = true;
      // Losses the tool counted but did not print one by one.
      if (run.printed?.lost) run.failures += run.printed.lost;
    } else if (run.histogram && run.histogram.length > 0) {
      skippedCount += run.histogram.length;
    }
    // Statistics-only runs (e.g. an all-failed `-t` summary pasted alone, or `-l` without `-h`): the losses the
    // tool counted are still losses.
    if (!run.binned && run.individual === 0 && run.printed?.lost) run.failures += run.printed.lost;
  }

  return {
    runs: runs
      .filter((r) => r.individual > 0 || r.binned || r.warmups > 0 || r.printed !== undefined || r.declared !== undefined)
      .map(({ closed: _c, individual: _i, ...run }) => run),
    ignored,
    ignoredCount,
    skippedCount,
  };
}

/** Groups separated by a line that says only "vs" (or "vs.", "versus"): undefined when there is no such line. */
export function splitGroups(text: string): string[] | undefined {
  const lines = text.normalize('NFKC').replace(/\r\n?/g, '\n').split('\n');
  const groups: string[][] = [[]];
  let found = false;
  for (const line of lines) {
    if (/^\s*(?:vs\.?|versus|--+\s*vs\.?\s*--+)\s*$/i.test(line)) {
      found = true;
      groups.push([]);
    } else groups[groups.length - 1]!.push(line);
  }
  return found ? groups.map((g) => g.join('\n')) : undefined;
}

/** Whether the text looks like a pasted log rather than command arguments. */
export function looksLikeLog(text: string): boolean {
  return /\n/.test(text.trim()) || logLines(text).some((l) => RE.connecting.test(l) || RE.ethr.test(l) || RE.tcping.test(l) || RE.connectHeader.test(l));
}
