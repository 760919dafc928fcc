/**
 * Test bed driver: asks a running probe agent (over its HTTP API) for interleaved A/B connect probes and checks
 * the read-back against the injected delay. Run by run.sh inside the client namespace; also usable alone:
 *   tsx bench/latency-testbed/measure.ts --agent http://127.0.0.1:8765 --token T \
 *     --a 10.201.1.2:5001 --b 10.201.2.2:5002 --expect-ms 1 [--count 20] [--reps 3] [--interval-ms 20] [--tolerance-ms 0.1]
 * Prints one line per repetition and a final "RESULT {json}" line. Exit code 1 when a check failed.
 */
import { parseArgs } from 'node:util';
import type { ProbeResponse } from '../../src/probe-agent/types.ts';
import { median, pairedHodgesLehmann, twoSampleShift } from './stats.ts';

const { values } = parseArgs({
  options: {
    agent: { type: 'string', default: 'http://127.0.0.1:8765' },
    token: { type: 'string', default: process.env.NETOPS_PROBE_TOKEN ?? '' },
    a: { type: 'string' },
    b: { type: 'string' },
    'expect-ms': { type: 'string', default: '0' },
    count: { type: 'string', default: '20' },
    reps: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '20' },
    'tolerance-ms': { type: 'string', default: '0.1' },
    label: { type: 'string', default: '' },
  },
});
if (!values.a || !values.b) {
  console.error('measure.ts: --a and --b are required');
  process.exit(2);
}
const expectMs = Number(values['expect-ms']);
const count = Number(values.count);
const reps = Number(values.reps);
const tolerance = Number(values['tolerance-ms']);

interface Rep {
  rep: number;
  medianA: number;
  medianB: number;
  pairedHL: number;
  shift: number;
  low: number;
  high: number;
  p: number;
  n: [number, number];
  readbackOk: boolean;
  detected: boolean;
}

async function probe(n: number): Promise<ProbeResponse> {
  const res = await fetch(`${values.agent}/v1/probes/tcp`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${values.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ targets: [values.a, values.b], count: n, warmup: 2, intervalMs: Number(values['interval-ms']), timeoutMs: 2000 }),
  });
  if (res.status !== 200) {
    console.error(`measure.ts: agent answered ${res.status}: ${await res.text()}`);
    process.exit(1);
  }
  return (await res.json()) as ProbeResponse;
}

// One unrecorded request first: a freshly started relay and cold paths read high on their first few probes.
await probe(5);
const results: Rep[] = [];
for (let rep = 0; rep < reps; rep++) {
  const body = await probe(count);
  const ms = (t: string) => body.samples.filter((s) => s.target === t && !s.warmup && s.ok && !s.retransmit).map((s) => (s.rttUs as number) / 1000);
  const a = ms(values.a);
  const b = ms(values.b);
  const byRound = new Map<number, { a?: number; b?: number }>();
  for (const s of body.samples) {
    if (s.warmup || !s.ok || s.retransmit) continue;
    const r = byRound.get(s.round) ?? {};
    if (s.target === values.a) r.a = (s.rttUs as number) / 1000;
    else r.b = (s.rttUs as number) / 1000;
    byRound.set(s.round, r);
  }
  const d = [...byRound.values()].filter((r) => r.a !== undefined && r.b !== undefined).map((r) => (r.b as number) - (r.a as number));
  const est = twoSampleShift(a, b);
  const pairedHL = pairedHodgesLehmann(d);
  const r: Rep = {
    rep,
    medianA: median(a),
    medianB: median(b),
    pairedHL,
    ...est,
    n: [a.length, b.length],
    readbackOk: Math.abs(pairedHL - expectMs) <= tolerance,
    detected: est.low > 0 && est.p < 0.05,
  };
  results.push(r);
  const f = (x: number) => x.toFixed(3);
  console.log(
    `${values.label || `+${expectMs} ms`} rep ${rep + 1}/${reps}: n=${a.length}/${b.length} median A ${f(r.medianA)} ms, B ${f(r.medianB)} ms; ` +
      `B-A paired HL ${f(pairedHL)} ms (error ${f(pairedHL - expectMs)}), two-sample HL ${f(r.shift)} [${f(r.low)}, ${f(r.high)}] p=${r.p.toExponential(1)}` +
      ` -> read-back ${r.readbackOk ? 'OK' : 'OFF'}${expectMs > 0 ? `, difference ${r.detected ? 'detected' : 'NOT detected'}` : ''}`,
  );
}
console.log(`RESULT ${JSON.stringify({ expectMs, count, tolerance, reps: results })}`);
process.exit(results.every((r) => r.readbackOk && (expectMs === 0 || r.detected)) ? 0 : 1);
