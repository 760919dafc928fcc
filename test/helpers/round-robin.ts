/**
 * A small round-robin HTTP proxy on loopback, in front of several bot instances as Azure Bot Service would
 * spread a conversation's activities: request n goes to backend n mod N. Like a load balancer that has seen a
 * backend fail, it passes a request on to the next backend when one refuses the connection. It records which
 * backend answered each request.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forwarded {
  backend: number;
  path: string;
  activityId?: string;
  status: number;
}

export interface RoundRobin {
  url: string;
  forwarded: Forwarded[];
  close(): Promise<void>;
}

function forward(target: string, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const u = new URL(req.url ?? '/', target);
    const out = httpRequest(u, { method: req.method, headers: { ...req.headers, host: u.host, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
        resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

export async function startRoundRobin(backends: readonly string[]): Promise<RoundRobin> {
  let next = 0;
  const forwarded: Forwarded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      let activityId: string | undefined;
      try {
        activityId = (JSON.parse(body.toString('utf8')) as { id?: string }).id;
      } catch {
        // not JSON: forwarded as it is
      }
      const first = next++ % backends.length;
      for (let k = 0; k < backends.length; k++) {
        const backend = (first + k) % backends.length;
        try {
          const r = await forward(backends[backend]!, req, body);
          forwarded.push({ backend, path: req.url ?? '/', ...(activityId ? { activityId } : {}), status: r.status });
          res.writeHead(r.status, r.headers).end(r.body);
          return;
        } catch {
          // This backend is gone: the next one takes the request.
        }
      }
      res.writeHead(502).end('no backend answered');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
