/**
 * The benchmarks' channel side: builds Teams-like message activities (as test/teams/harness.ts does, with a
 * user per sender) and posts them to a bot's /api/messages over a keep-alive HTTP agent, so that connection
 * set-up is not part of what is measured. Used unchanged against our bot and the echo bot.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface BenchChat {
  conversationId: string;
  serviceUrl: string;
  user: number;
}

let conversations = 0;

/** A fresh conversation (distinct conversations keep Teams' per-conversation send limits out of the way). */
export function newChat(serviceUrl: string, user = 1): BenchChat {
  return { conversationId: `a:bench-${process.pid}-${++conversations}-${randomUUID().slice(0, 8)}`, serviceUrl, user };
}

export function messageActivity(chat: BenchChat, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `msg-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: chat.serviceUrl,
    from: { id: `29:user-${chat.user}`, name: `Engineer ${chat.user}`, aadObjectId: `aad-user-${chat.user}` },
    recipient: { id: '28:netops-bot', name: 'NetOps' },
    conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'en-US',
    text,
  };
}

export interface PostResult {
  status: number;
  /** performance.now() just before the request was written. */
  t0: number;
  /** performance.now() when the whole response had arrived. */
  t1: number;
  /** The response body, when asked for (invoke responses carry the card). */
  body?: string;
}

/** A failed post: what Node said, and whether it went out on a pooled keep-alive socket (idle how long). */
export class PostError extends Error {
  override name = 'PostError';
  readonly code: string | undefined;
  readonly reusedSocket: boolean;
  readonly idleMs: number | undefined;

  constructor(cause: NodeJS.ErrnoException, reusedSocket: boolean, idleMs: number | undefined) {
    super(`${cause.code ?? cause.message}${reusedSocket ? ` on a reused keep-alive socket idle ${idleMs === undefined ? '?' : Math.round(idleMs)} ms` : ' on a new socket'}`);
    this.code = cause.code;
    this.reusedSocket = reusedSocket;
    this.idleMs = idleMs;
  }
}

export class BotClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;
  /** When each pooled socket was last handed back to the pool (for PostError.idleMs). */
  private readonly freedAt = new WeakMap<object, number>();

  constructor(botUrl: string, maxSockets = 256) {
    const u = new URL(botUrl);
    if (u.hostname !== '127.0.0.1') throw new Error(`benchmarks talk to 127.0.0.1 only, not ${u.hostname}`);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
    this.agent.on('free', (socket: object) => this.freedAt.set(socket, performance.now()));
  }

  /** `keepBody`: also return the response body (otherwise it is read and dropped). */
  post(activity: Record<string, unknown>, keepBody = false): Promise<PostResult> {
    const body = JSON.stringify(activity);
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: '/api/messages',
          agent: this.agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => keepBody && chunks.push(b));
          res.on('end', () => {
            const t1 = performance.now();
            resolve({ status: res.statusCode ?? 0, t0, t1, ...(keepBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}) });
          });
          res.on('error', reject);
        },
      );
      let idleMs: number | undefined;
      req.on('socket', (socket) => {
        const freed = this.freedAt.get(socket);
        idleMs = freed === undefined ? undefined : performance.now() - freed;
      });
      req.on('error', (e: NodeJS.ErrnoException) => reject(new PostError(e, req.reusedSocket, idleMs)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
