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
}

export class BotClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(botUrl: string, maxSockets = 256) {
    const u = new URL(botUrl);
    if (u.hostname !== '127.0.0.1') throw new Error(`benchmarks talk to 127.0.0.1 only, not ${u.hostname}`);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
  }

  post(activity: Record<string, unknown>): Promise<PostResult> {
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
          res.on('data', () => {});
          res.on('end', () => resolve({ status: res.statusCode ?? 0, t0, t1: performance.now() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
