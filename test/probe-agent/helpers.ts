/** Test targets on 127.0.0.1 (listeners, a closed port, a listener that never accepts) and agent helpers. */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { buildConfig, type ProbeAgentConfig, type ProbeAgentFile } from '../../src/probe-agent/config.ts';
import { type ProbeAgentHandle, type ProbeAgentOptions, startProbeAgent } from '../../src/probe-agent/server.ts';

export const TOKEN = 'test-token-0123456789abcdef';

export interface Listener {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/** A TCP listener on 127.0.0.1 that accepts and counts connections. */
export async function listen(): Promise<Listener> {
  let n = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    n++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    accepted: () => n,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released): connects are refused. */
export async function closedPort(): Promise<number> {
  const l = await listen();
  await l.close();
  return l.port;
}

/**
 * A listener whose accept queue is full, so further SYNs are dropped and connects time out: it listens with a
 * backlog of 1 in a worker thread whose event loop is then blocked (nothing ever calls accept), and we fill the
 * queue with connections of our own. Loopback only.
 */
export async function blackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const net = require('node:net');
     const srv = net.createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
       parentPort.postMessage(srv.address().port);
       setImmediate(() => { Atomics.wait(workerData, 0, 0); srv.close(); });
     });`,
    { eval: true, workerData: flag },
  );
  const port = await new Promise<number>((r) => w.once('message', r));
  const fillers: Socket[] = [];
  // Fill the accept queue: connects complete (the kernel answers) until the queue is full, then one hangs.
  for (let i = 0; i < 8; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      fillers.push(s);
      s.on('error', () => {});
      const t = setTimeout(() => resolve(false), 300);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    if (!ok) break;
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await w.terminate();
    },
  };
}

export function agentConfig(file: ProbeAgentFile): ProbeAgentConfig {
  return buildConfig({ token: TOKEN, port: 0, ...file });
}

export async function startAgent(file: ProbeAgentFile, options: ProbeAgentOptions = {}): Promise<ProbeAgentHandle> {
  return startProbeAgent(agentConfig(file), options);
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  agent: { url: string },
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; contentType?: string; rawBody?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? TOKEN}`;
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  if (hasBody) headers['Content-Type'] = init.contentType ?? 'application/json';
  const res = await fetch(`${agent.url}${path}`, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    ...(hasBody ? { body: init.rawBody ?? JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text
  }
  return { status: res.status, headers: res.headers, body };
}

export const probe = (agent: { url: string }, body: unknown, token?: string | null) =>
  call(agent, '/v1/probes/tcp', { body, ...(token !== undefined ? { token } : {}) });
