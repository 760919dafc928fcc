/**
 * The agent client over real HTTP on 127.0.0.1 against a server that follows docs/probe-agent-api.md
 * (test/probes/fake-agent.ts): answers, every error mapped to its user-facing kind, timeouts and aborts, and the
 * token never leaving the Authorization header.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, AgentDirectory, AgentError, parseRetryAfter } from '../../src/probes/agent-client.ts';
import { closedPort, startFakeAgent, type FakeAgent } from './fake-agent.ts';

const TOKEN = 'tok-client-test-0123456789-SECRET';
const PACING = { warmup: 1, intervalMs: 0, timeoutMs: 2000 };
let agent: FakeAgent;
let busy: FakeAgent;

beforeAll(async () => {
  agent = await startFakeAgent({
    name: 'tokyo-dc',
    site: 'Tokyo DC',
    token: TOKEN,
    targets: { '10.1.2.4:3389': { baseUs: 3000, spreadUs: 400, failEvery: 10, retransmitAt: [4] }, '10.1.2.5:3389': { baseUs: 2000, spreadUs: 400 } },
  });
  busy = await startFakeAgent({ name: 'busy', token: TOKEN, targets: { '10.1.2.4:3389': { baseUs: 1, spreadUs: 1 } }, busyRetryAfter: 17 });
});
afterAll(async () => {
  await agent?.close();
  await busy?.close();
});

const client = (url: string, token = TOKEN, opts = {}) => new AgentClient({ name: 'tokyo-dc', url, token, site: 'Tokyo DC' }, opts);

async function failure(p: Promise<unknown>): Promise<AgentError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AgentError);
  return e as AgentError;
}

/** A server that accepts requests and never answers. */
async function silent(): Promise<{ url: string; close(): Promise<void> }> {
  const s: Server = createServer(() => {});
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () =>
      new Promise((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

/** A server that answers every request with a fixed status and body. */
async function fixed(status: number, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const s: Server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise((r) => s.close(() => r())) };
}

describe('answers', () => {
  it('health, with the token in the Authorization header', async () => {
    const h = await client(agent.url).health();
    expect(h).toMatchObject({ status: 'ok', name: 'tokyo-dc', site: 'Tokyo DC', limits: { maxCount: 200, maxConcurrent: 2 } });
    expect(agent.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/health', authorization: `Bearer ${TOKEN}` });
  });

  it('one target: the request body follows the contract; samples come back typed', async () => {
    const r = await client(agent.url).probe({ targets: ['10.1.2.4:3389'], count: 20, ...PACING });
    expect(agent.requests.at(-1)!.body).toEqual({ target: '10.1.2.4:3389', count: 20, warmup: 1, intervalMs: 0, timeoutMs: 2000 });
    expect(r.mode).toBe('single');
    expect(r.samples).toHaveLength(21);
    expect(r.samples.filter((s) => s.warmup)).toHaveLength(1);
    expect(r.samples.filter((s) => !s.ok)).toHaveLength(2);
    expect(r.samples.filter((s) => s.retransmit)).toHaveLength(1);
    expect(r.summary['10.1.2.4:3389']).toMatchObject({ sent: 20, lost: 2, retransmits: 1 });
  });

  it('two targets: interleaved rounds', async () => {
    const r = await client(agent.url).probe({ targets: ['10.1.2.4:3389', '10.1.2.5:3389'], count: 5, ...PACING });
    expect(agent.requests.at(-1)!.body).toMatchObject({ targets: ['10.1.2.4:3389', '10.1.2.5:3389'] });
    expect(r.mode).toBe('interleaved');
    expect(new Set(r.samples.map((s) => s.round)).size).toBe(6);
  });
});

describe('errors, mapped to what the user is told', () => {
  it('401: unauthorized, not retryable', async () => {
    const e = await failure(client(agent.url, 'wrong-token-0123456789').health());
    expect(e).toMatchObject({ kind: 'unauthorized', status: 401, agent: 'tokyo-dc' });
    expect(e.retryable).toBe(false);
  });
  it('403: target-not-allowed, with the agent\'s reason', async () => {
    const e = await failure(client(agent.url).probe({ targets: ['10.9.9.9:22'], count: 5, ...PACING }));
    expect(e).toMatchObject({ kind: 'target-not-allowed', status: 403, detail: 'target: 10.9.9.9 is not in the allowlist' });
  });
  it('400: invalid-request naming the field', async () => {
    const e = await failure(client(agent.url).probe({ targets: ['10.1.2.4:3389'], count: 500, ...PACING }));
    expect(e).toMatchObject({ kind: 'invalid-request', status: 400, detail: 'count: must be an integer from 1 to 200' });
  });
  it('429: busy with Retry-After, retryable', async () => {
    const e = await failure(client(busy.url).probe({ targets: ['10.1.2.4:3389'], count: 5, ...PACING }));
    expect(e).toMatchObject({ kind: 'busy', status: 429, retryAfterSeconds: 17 });
    expect(e.retryable).toBe(true);
  });
  it('404 (a URL that is not an agent): agent-failure not-found', async () => {
    const e = await failure(client(`${agent.url}/not-here`).health());
    expect(e).toMatchObject({ kind: 'agent-failure', reason: 'not-found', status: 404 });
  });
  it('500 and answers that are not the API: agent-failure', async () => {
    const s500 = await fixed(500, '{"error":{"code":"internal","message":"internal error"}}');
    const notJson = await fixed(200, '<html>hello</html>');
    const wrongShape = await fixed(200, '{"hello":1}');
    try {
      expect(await failure(client(s500.url).health())).toMatchObject({ kind: 'agent-failure', reason: 'server-error', status: 500 });
      expect(await failure(client(notJson.url).health())).toMatchObject({ kind: 'agent-failure', reason: 'bad-response' });
      expect(await failure(client(wrongShape.url).probe({ targets: ['a:1'], count: 1, ...PACING }))).toMatchObject({ kind: 'agent-failure', reason: 'bad-response' });
    } finally {
      await Promise.all([s500.close(), notJson.close(), wrongShape.close()]);
    }
  });
  it('nothing listening: unreachable (refused), retryable', async () => {
    const e = await failure(client(`http://127.0.0.1:${await closedPort()}`).health());
    expect(e).toMatchObject({ kind: 'unreachable', reason: 'refused' });
    expect(e.retryable).toBe(true);
  });
  it('no answer within the timeout: timeout', async () => {
    const s = await silent();
    try {
      expect(await failure(client(s.url, TOKEN, { healthTimeoutMs: 150 }).health())).toMatchObject({ kind: 'timeout' });
    } finally {
      await s.close();
    }
  });
  it('the caller aborting (host shutdown, budget): its AbortError, not an AgentError', async () => {
    const s = await silent();
    try {
      const ctl = new AbortController();
      const p = client(s.url).health(ctl.signal);
      ctl.abort();
      await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await s.close();
    }
  });
  it('Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 1, 0)).toUTCString(), Date.UTC(2026, 0, 1, 0, 0, 0))).toBe(60);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('the token stays a secret', () => {
  it('not in the client as JSON or inspected, not in errors, scrubbed from agent texts', async () => {
    const c = client(agent.url);
    expect(JSON.stringify(c)).not.toContain(TOKEN);
    expect(inspect(c, { showHidden: true, depth: 5 })).not.toContain(TOKEN);
    expect(c.scrub(`echo ${TOKEN}!`)).toBe('echo ***!');
    const errors = await Promise.all([
      failure(client(agent.url, 'wrong-token-0123456789').health()),
      failure(c.probe({ targets: ['10.9.9.9:22'], count: 5, ...PACING })),
      failure(client(`http://127.0.0.1:${await closedPort()}`).health()),
    ]);
    for (const e of errors) expect(`${e.message} ${e.detail ?? ''} ${JSON.stringify(e)} ${inspect(e)}`).not.toContain(TOKEN);
  });
  it('the URL shown is the origin only (no credentials, no path)', () => {
    const c = new AgentClient({ name: 'x', url: 'https://user:pw@10.9.0.5:8765/agent/', token: TOKEN });
    expect(c.host).toBe('10.9.0.5:8765');
    expect(c.origin).toBe('https://10.9.0.5:8765');
  });
});

describe('directory', () => {
  const dir = new AgentDirectory([
    { name: 'tokyo-dc', url: 'http://127.0.0.1:1', token: TOKEN },
    { name: 'osaka-dc', url: 'http://127.0.0.1:2', token: TOKEN },
    { name: 'hub-vnet', url: 'http://127.0.0.1:3', token: TOKEN },
  ]);
  it('first, find (case-insensitive), suggest', () => {
    expect(dir.size).toBe(3);
    expect(dir.first()!.name).toBe('tokyo-dc');
    expect(dir.find('OSAKA-DC')!.name).toBe('osaka-dc');
    expect(dir.find('nagoya')).toBeUndefined();
    expect(dir.suggest('tokio-dc')).toEqual(['tokyo-dc']);
    expect(dir.suggest('hub')).toEqual(['hub-vnet']);
    expect(dir.suggest('zzzzzz')).toEqual([]);
  });
});
