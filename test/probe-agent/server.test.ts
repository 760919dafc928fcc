/**
 * The probe agent over real HTTP on 127.0.0.1 against docs/probe-agent-api.md. Targets are TCP listeners this
 * test opens on 127.0.0.1, a closed port (refused) and a listener that never accepts (timeout). No timing
 * assertions beyond sanity: performance is for bench/latency-testbed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeAgentHandle } from '../../src/probe-agent/server.ts';
import { summarise } from '../../src/probe-agent/summary.ts';
import type { ProbeResponse, ProbeSample } from '../../src/probe-agent/types.ts';
import { blackhole, call, closedPort, listen, type Listener, probe, startAgent, TOKEN } from './helpers.ts';

let a: Listener;
let b: Listener;
let refusedPort: number;
let agent: ProbeAgentHandle;

beforeAll(async () => {
  a = await listen();
  b = await listen();
  refusedPort = await closedPort();
  agent = await startAgent(
    {
      name: 'test-agent',
      site: 'Test bench',
      // A broad range plus loopback named explicitly: the special ranges stay refused.
      allow: ['0.0.0.0/0:80,443', '[::/0]:443', `127.0.0.1/32:${a.port},${b.port},${refusedPort}`],
      limits: { maxCount: 50, maxDurationMs: 20_000, maxConcurrent: 2, ratePerMinute: 600, rateBurst: 100 },
    },
    {
      resolver: async (host) => {
        if (host === 'metadata.test') return { address: '169.254.169.254', family: 4 };
        if (host === 'target-a.test') return { address: '127.0.0.1', family: 4 };
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    },
  );
});

afterAll(async () => {
  await agent?.close();
  await a?.close();
  await b?.close();
});

const target = (l: Listener | number) => `127.0.0.1:${typeof l === 'number' ? l : l.port}`;

describe('GET /v1/health', () => {
  it('answers with the agent identity, busy count and limits', async () => {
    const r = await call(agent, '/v1/health');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      status: 'ok',
      name: 'test-agent',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      site: 'Test bench',
      uptimeSeconds: expect.any(Number),
      busy: 0,
      limits: { maxCount: 50, maxDurationMs: 20_000, maxConcurrent: 2 },
    });
  });
});

describe('authentication', () => {
  it('refuses a request without a token (401) and does no work', async () => {
    const before = a.accepted();
    const r = await probe(agent, { target: target(a), count: 1, warmup: 0, intervalMs: 0 }, null);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(a.accepted()).toBe(before);
  });

  it('refuses a wrong token (401), also on health, and does no work', async () => {
    const before = a.accepted();
    for (const token of ['wrong-token-0123456789abcdef', `${TOKEN}x`, TOKEN.slice(0, -1), '']) {
      const r = await probe(agent, { target: target(a), count: 1, warmup: 0, intervalMs: 0 }, token);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect((await call(agent, '/v1/health', { token: 'nope-nope-nope-nope-nope' })).status).toBe(401);
    expect(a.accepted()).toBe(before);
  });
});

describe('routes', () => {
  it('404 for other paths, 405 (with Allow) for other methods', async () => {
    const nf = await call(agent, '/v1/probes/udp', { body: {} });
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not-found');
    const m1 = await call(agent, '/v1/health', { method: 'POST', body: {} });
    expect(m1.status).toBe(405);
    expect(m1.body.error.code).toBe('method-not-allowed');
    expect(m1.headers.get('allow')).toBe('GET');
    const m2 = await call(agent, '/v1/probes/tcp', { method: 'GET' });
    expect(m2.status).toBe(405);
    expect(m2.headers.get('allow')).toBe('POST');
  });

  it('checks the content type, parses JSON, limits the body size', async () => {
    const ct = await call(agent, '/v1/probes/tcp', { rawBody: '{}', contentType: 'text/plain' });
    expect(ct.status).toBe(400);
    expect(ct.body.error).toEqual({ code: 'invalid-request', message: expect.stringContaining('Content-Type') });
    const bad = await call(agent, '/v1/probes/tcp', { rawBody: '{"target": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/JSON/);
    const big = await call(agent, '/v1/probes/tcp', { rawBody: JSON.stringify({ target: 'x'.repeat(40_000) }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too-large');
  });
});

describe('allowlist', () => {
  async function refused(t: string | string[]) {
    const body = Array.isArray(t) ? { targets: t, count: 1 } : { target: t, count: 1 };
    const r = await probe(agent, { ...body, warmup: 0, intervalMs: 0 });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('target-not-allowed');
    return r.body.error.message as string;
  }

  it('refuses a port that is not listed, and an address that is not listed', async () => {
    expect(await refused('127.0.0.1:22')).toMatch(/port 22 is not allowed/);
    // 0.0.0.0/0 lists every IPv4 address, but only for ports 80 and 443.
    expect(await refused('10.1.2.4:3389')).toMatch(/port 3389/);
    expect(await refused('127.0.0.2:443')).toMatch(/loopback/);
  });

  it('refuses link-local and metadata addresses although 0.0.0.0/0 and ::/0 are listed', async () => {
    expect(await refused('169.254.169.254:80')).toMatch(/metadata/);
    expect(await refused('168.63.129.16:80')).toMatch(/WireServer/);
    expect(await refused('169.254.10.1:443')).toMatch(/link-local/);
    expect(await refused('[fe80::1]:443')).toMatch(/link-local/);
    expect(await refused('[::ffff:169.254.169.254]:443')).toMatch(/metadata/);
    expect(await refused('0.0.0.0:80')).toMatch(/this network/);
  });

  it('checks the address a host name resolves to', async () => {
    const msg = await refused('metadata.test:80');
    expect(msg).toMatch(/metadata/);
    expect(msg).toMatch(/metadata\.test resolves to 169\.254\.169\.254/);
    const ok = await probe(agent, { target: `target-a.test:${a.port}`, count: 1, warmup: 0, intervalMs: 0 });
    expect(ok.status).toBe(200);
    expect(ok.body.samples[0].target).toBe(`target-a.test:${a.port}`);
    const nx = await probe(agent, { target: 'nowhere.test:443', count: 1 });
    expect(nx.status).toBe(400);
    expect(nx.body.error.message).toMatch(/^target: host name "nowhere.test" does not resolve/);
  });

  it('refuses one target of a pair when the other is allowed, naming which', async () => {
    expect(await refused([target(a), '169.254.169.254:80'])).toMatch(/^targets\[1\]: /);
  });
});

describe('validation', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['count missing', { target: '127.0.0.1:443' }, /^count: is required/],
    ['count not a number', { target: '127.0.0.1:443', count: '5' }, /^count: must be an integer/],
    ['count fractional', { target: '127.0.0.1:443', count: 2.5 }, /^count: must be an integer/],
    ['count too high', { target: '127.0.0.1:443', count: 51 }, /^count: .*from 1 to 50 \(the agent's maxCount\)/],
    ['warmup too high', { target: '127.0.0.1:443', count: 1, warmup: 11 }, /^warmup: /],
    ['interval negative', { target: '127.0.0.1:443', count: 1, intervalMs: -1 }, /^intervalMs: /],
    ['interval too long', { target: '127.0.0.1:443', count: 1, intervalMs: 10_001 }, /^intervalMs: /],
    ['timeout too short', { target: '127.0.0.1:443', count: 1, timeoutMs: 99 }, /^timeoutMs: /],
    ['no target', { count: 1 }, /^target: is required/],
    ['both target and targets', { target: '127.0.0.1:443', targets: ['127.0.0.1:443'], count: 1 }, /^target, targets: /],
    ['three targets', { targets: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'], count: 1 }, /^targets: at most two/],
    ['targets not an array', { targets: '127.0.0.1:443', count: 1 }, /^targets: /],
    ['same target twice', { targets: ['127.0.0.1:443', '127.0.0.1:443'], count: 1 }, /^targets: the two targets must differ/],
    ['address range', { target: '10.0.0.1-20:443', count: 1 }, /^target: .*one host only/],
    ['CIDR block', { target: '10.0.0.0/24:443', count: 1 }, /^target: .*one host only/],
    ['port list', { target: '10.0.0.1:80,443', count: 1 }, /^target: .*one port only/],
    ['port range', { target: '10.0.0.1:80-90', count: 1 }, /^target: .*one port only/],
    ['no port', { target: '10.0.0.1', count: 1 }, /^target: .*no port/],
    ['port out of range', { target: '10.0.0.1:70000', count: 1 }, /^target: .*1 to 65535/],
    ['unbracketed IPv6', { target: 'fe80::1:443', count: 1 }, /^target: .*brackets/],
    ['short IPv4 spelling', { target: '127.1:443', count: 1 }, /^target: .*not a valid IPv4/],
    ['second target malformed', { targets: ['127.0.0.1:443', 'nope'], count: 1 }, /^targets\[1\]: /],
    ['unknown field', { target: '127.0.0.1:443', count: 1, intervalMS: 5 }, /"intervalMS": unknown field/],
    [
      'duration too long',
      { target: '127.0.0.1:443', count: 50, warmup: 0, intervalMs: 1000, timeoutMs: 2000 },
      /^count, intervalMs, timeoutMs: .*149000 ms.*maxDurationMs of 20000/,
    ],
  ];
  it.each(cases)('%s -> 400 naming the field', async (_name, body, message) => {
    const r = await probe(agent, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid-request');
    expect(r.body.error.message).toMatch(message);
  });

  it('refuses a body that is not an object', async () => {
    const r = await probe(agent, [1, 2]);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/JSON object/);
  });
});

function checkSummary(body: ProbeResponse, t: string) {
  // The summary is what the samples say (recomputed independently of the agent's code path).
  const measured = body.samples.filter((s) => s.target === t && !s.warmup);
  const rtts = measured.filter((s) => s.ok && !s.retransmit).map((s) => s.rttUs as number).sort((x, y) => x - y);
  const s = body.summary[t]!;
  expect(s.sent).toBe(measured.length);
  expect(s.received).toBe(measured.filter((x) => x.ok).length);
  expect(s.lost).toBe(s.sent - s.received);
  expect(s.minUs).toBe(rtts[0]);
  expect(s.maxUs).toBe(rtts[rtts.length - 1]);
  expect(s.p50Us).toBe(rtts[Math.ceil(rtts.length / 2) - 1]);
  expect(s.p99Us).toBe(rtts[rtts.length - 1]); // below 100 samples p99 is the max
  expect(s.meanUs).toBe(Math.round(rtts.reduce((x, y) => x + y, 0) / rtts.length));
  expect(s).toEqual(summarise(body.samples, t));
}

describe('single mode', () => {
  it('returns count + warmup samples, warmups first and marked, and a summary matching them', async () => {
    const before = a.accepted();
    const r = await probe(agent, { target: target(a), count: 6, warmup: 2, intervalMs: 5 });
    expect(r.status).toBe(200);
    const body = r.body as ProbeResponse;
    expect(body.agent).toEqual({ name: 'test-agent', version: expect.any(String), site: 'Test bench' });
    expect(body.mode).toBe('single');
    expect(Date.parse(body.finishedAt)).toBeGreaterThanOrEqual(Date.parse(body.startedAt));
    expect(body.samples).toHaveLength(8);
    body.samples.forEach((s, i) => {
      expect(Object.keys(s)).toEqual(['target', 'seq', 'round', 'warmup', 'ok', 'rttUs', 'retransmit']);
      expect(s).toMatchObject({ target: target(a), seq: i, round: i, warmup: i < 2, ok: true, retransmit: false });
      expect(s.rttUs).toBeGreaterThan(0);
      expect(Number.isInteger(s.rttUs)).toBe(true);
    });
    expect(Object.keys(body.summary)).toEqual([target(a)]);
    expect(body.summary[target(a)]).toMatchObject({ sent: 6, received: 6, lost: 0, retransmits: 0 });
    checkSummary(body, target(a));
    expect(a.accepted() - before).toBe(8);
  });

  it('applies the defaults (warmup 1, intervalMs 1000, timeoutMs 2000)', async () => {
    const r = await probe(agent, { target: target(a), count: 1 });
    expect(r.status).toBe(200);
    expect(r.body.samples.map((s: ProbeSample) => s.warmup)).toEqual([true, false]);
  });

  it('classifies a closed port as refused', async () => {
    const r = await probe(agent, { target: target(refusedPort), count: 3, warmup: 1, intervalMs: 0 });
    expect(r.status).toBe(200);
    const body = r.body as ProbeResponse;
    expect(body.samples).toHaveLength(4);
    for (const s of body.samples) {
      expect(s).toEqual({ target: target(refusedPort), seq: s.seq, round: s.round, warmup: s.warmup, ok: false, error: 'refused', retransmit: false });
    }
    expect(body.summary[target(refusedPort)]).toEqual({
      sent: 3, received: 0, lost: 3, retransmits: 0, minUs: null, p50Us: null, p90Us: null, p99Us: null, maxUs: null, meanUs: null,
    });
  });
});

describe('interleaved mode', () => {
  it('probes both targets once per round, equal counts, in an order that varies between rounds', async () => {
    const r = await probe(agent, { targets: [target(a), target(b)], count: 20, warmup: 1, intervalMs: 0, timeoutMs: 200 });
    expect(r.status).toBe(200);
    const body = r.body as ProbeResponse;
    expect(body.mode).toBe('interleaved');
    expect(body.samples).toHaveLength(42);
    const firsts: string[] = [];
    for (let round = 0; round < 21; round++) {
      const inRound = body.samples.filter((s) => s.round === round);
      expect(inRound.map((s) => s.target).sort()).toEqual([target(a), target(b)].sort());
      // Samples come in the order they were taken: a round's two samples are adjacent.
      expect(body.samples.indexOf(inRound[1]!) - body.samples.indexOf(inRound[0]!)).toBe(1);
      for (const s of inRound) {
        expect(s.seq).toBe(round);
        expect(s.warmup).toBe(round === 0);
        expect(s.ok).toBe(true);
        expect(s.rttUs).toBeGreaterThan(0);
      }
      firsts.push(inRound[0]!.target);
    }
    // Random order within rounds: with 21 rounds, one fixed order has probability 2^-20.
    expect(new Set(firsts).size).toBe(2);
    for (const t of [target(a), target(b)]) {
      expect(body.summary[t]).toMatchObject({ sent: 20, received: 20, lost: 0 });
      checkSummary(body, t);
    }
  });
});

describe('timeout classification', () => {
  it('a connect that gets no answer within timeoutMs is a timeout', async () => {
    const hole = await blackhole();
    const local = await startAgent({ allow: [`127.0.0.1/32:${hole.port}`] });
    try {
      const r = await probe(local, { target: `127.0.0.1:${hole.port}`, count: 2, warmup: 0, intervalMs: 0, timeoutMs: 300 });
      expect(r.status).toBe(200);
      expect(r.body.samples.map((s: ProbeSample) => [s.ok, s.error, s.retransmit])).toEqual([
        [false, 'timeout', false],
        [false, 'timeout', false],
      ]);
      expect(r.body.summary[`127.0.0.1:${hole.port}`]).toMatchObject({ sent: 2, received: 0, lost: 2 });
    } finally {
      await local.close();
      await hole.close();
    }
  });
});

describe('limits', () => {
  it('answers 429 busy with Retry-After when maxConcurrent jobs are running', async () => {
    const hole = await blackhole();
    const local = await startAgent({
      allow: [`127.0.0.1/32:${hole.port},${a.port}`],
      limits: { maxConcurrent: 1 },
    });
    try {
      // About 1.5 s of timeouts keeps the only slot busy.
      const first = probe(local, { target: `127.0.0.1:${hole.port}`, count: 3, warmup: 0, intervalMs: 0, timeoutMs: 500 });
      let busy = 0;
      for (let i = 0; i < 100 && busy === 0; i++) {
        busy = (await call(local, '/v1/health')).body.busy;
        if (busy === 0) await new Promise((r) => setTimeout(r, 10));
      }
      expect(busy).toBe(1);
      const second = await probe(local, { target: `127.0.0.1:${a.port}`, count: 1, warmup: 0 });
      expect(second.status).toBe(429);
      expect(second.body.error.code).toBe('busy');
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await first).status).toBe(200);
      expect((await call(local, '/v1/health')).body.busy).toBe(0);
      expect((await probe(local, { target: `127.0.0.1:${a.port}`, count: 1, warmup: 0 })).status).toBe(200);
    } finally {
      await local.close();
      await hole.close();
    }
  });

  it('rate-limits per token (token bucket) with 429 busy and Retry-After', async () => {
    const second = 'second-token-abcdefghijklmnop';
    const local = await startAgent({
      token: undefined,
      tokens: [TOKEN, second],
      allow: [`127.0.0.1/32:${a.port}`],
      limits: { ratePerMinute: 1, rateBurst: 2 },
    });
    try {
      const body = { target: `127.0.0.1:${a.port}`, count: 1, warmup: 0 };
      expect((await probe(local, body)).status).toBe(200);
      expect((await probe(local, { count: 1 })).status).toBe(400); // an invalid request spends a token too
      const third = await probe(local, body);
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('busy');
      expect(third.body.error.message).toMatch(/rate limit/);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another token has its own bucket; health is not rate-limited.
      expect((await probe(local, body, second)).status).toBe(200);
      expect((await call(local, '/v1/health')).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});
