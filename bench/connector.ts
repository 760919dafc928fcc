/**
 * The benchmarks' fake Bot Connector: the same protocol as test/helpers/fake-connector.ts (POST = create or
 * reply, PUT = update, answered with an id), but built for load: arrival times from performance.now() (the
 * client that posts the activities runs in this process, so both clocks are the same), per-conversation
 * waiters instead of a scan of every recorded call, and nothing kept once a conversation is done with.
 *
 * "Reaching the connector" = the whole request body has arrived (the time is taken before it is parsed).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorEvent {
  method: string;
  /** performance.now() when the request body had fully arrived. */
  t: number;
  /** The id in the path (replied-to id for POST, updated id for PUT). */
  activityId?: string;
  /** The id this fake assigned (POST) or echoed (PUT). */
  assignedId: string;
  /** Parsed body; kept only for conversations registered with `capture`. */
  body?: any;
}

interface Conversation {
  events: ConnectorEvent[];
  waiters: Array<{ predicate: (e: ConnectorEvent[]) => boolean; resolve: (e: ConnectorEvent[]) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>;
  capture: boolean;
}

export interface BenchConnector {
  url: string;
  /** Resolves with the conversation's events once `predicate` holds; rejects after timeoutMs. */
  waitFor(conversationId: string, predicate: (events: ConnectorEvent[]) => boolean, timeoutMs?: number): Promise<ConnectorEvent[]>;
  /** Keep the parsed bodies of this conversation's calls (call before posting). */
  capture(conversationId: string): void;
  /** Forget a conversation (after its waiters resolved). */
  forget(conversationId: string): void;
  /** Requests answered so far. */
  readonly received: number;
  /** Of those, progress redraws of working cards (not in any conversation's events). */
  readonly progressUpdates: number;
  /** Conversations currently tracked (should stay small). */
  readonly tracked: number;
  close(): Promise<void>;
}

/** The status line of a "working" card, in every language. */
const WORKING = /"text":\s*"⏳/;
const PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startBenchConnector(): Promise<BenchConnector> {
  const conversations = new Map<string, Conversation>();
  let nextId = 1;
  let received = 0;
  let progressUpdates = 0;

  const conv = (id: string): Conversation => {
    let c = conversations.get(id);
    if (!c) {
      c = { events: [], waiters: [], capture: false };
      conversations.set(id, c);
    }
    return c;
  };

  const check = (c: Conversation) => {
    if (c.waiters.length === 0) return;
    for (const w of [...c.waiters]) {
      if (w.predicate(c.events)) {
        clearTimeout(w.timer);
        c.waiters.splice(c.waiters.indexOf(w), 1);
        w.resolve(c.events);
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const t = performance.now();
      received++;
      const path = (req.url ?? '/').split('?')[0]!;
      const m = PATH.exec(path);
      const method = req.method ?? 'GET';
      if (!m) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error":{"code":"NotFound","message":"no such route"}}');
        return;
      }
      const conversationId = decodeURIComponent(m[1]!);
      const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
      const id = method === 'PUT' || method === 'DELETE' ? (activityId ?? '') : `act-${nextId++}`;
      const c = conv(conversationId);
      // A progress redraw of a still-working card (a command slower than 4 s) is not the command's answer:
      // counted, answered, and kept out of the events that measurements wait for.
      if (method === 'PUT' && WORKING.test(Buffer.concat(chunks).toString('utf8'))) {
        progressUpdates++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id }));
        return;
      }
      const event: ConnectorEvent = { method, t, assignedId: id, ...(activityId ? { activityId } : {}) };
      if (c.capture) {
        try {
          event.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          event.body = undefined;
        }
      }
      c.events.push(event);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id }));
      check(c);
    });
  };

  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    waitFor(conversationId, predicate, timeoutMs = 30_000) {
      const c = conv(conversationId);
      if (predicate(c.events)) return Promise.resolve(c.events);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          c.waiters = c.waiters.filter((w) => w.timer !== timer);
          reject(new Error(`connector: conversation ${conversationId} incomplete after ${timeoutMs} ms: ${c.events.map((e) => e.method).join(',') || 'no calls'}`));
        }, timeoutMs);
        c.waiters.push({ predicate, resolve, reject, timer });
      });
    },
    capture(conversationId) {
      conv(conversationId).capture = true;
    },
    forget(conversationId) {
      const c = conversations.get(conversationId);
      if (c && c.waiters.length === 0) conversations.delete(conversationId);
    },
    get received() {
      return received;
    },
    get progressUpdates() {
      return progressUpdates;
    },
    get tracked() {
      return conversations.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The Adaptive Card of a captured call, if any. */
export function cardOf(event: ConnectorEvent | undefined): any {
  return event?.body?.attachments?.find((a: any) => a?.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every string in a card, joined (for a quick look at what a result said). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'type' && k !== 'id') walk(x);
  };
  walk(card);
  return out.join('\n');
}
