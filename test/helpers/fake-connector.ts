/**
 * A fake Bot Connector for host tests: a real HTTP server on 127.0.0.1 that records the bot's activity calls
 * (POST = create or reply, PUT = update, DELETE), answers with ids, and can be told to fail the next calls.
 * Tests post activities to the bot with `serviceUrl` = this server's URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordEmitted } from './emitted.ts';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** The activity id in the path: the replied-to id for POST …/activities/:id, the updated one for PUT. */
  activityId?: string;
  /** The id the fake assigned (creates) or echoed (updates); absent when the call was failed on purpose. */
  assignedId?: string;
  body: any;
  time: number;
  status: number;
  authorization?: string;
}

export interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Only calls with this method fail (default: any). */
  method?: string;
  /** Only calls for this conversation fail (default: any). */
  conversationId?: string;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /**
   * Progress redraws of a "working" card (PUTs of a card that is still working): kept apart from `calls`, so
   * that a test waiting for a command's answer is not handed a progress update when the machine is slow.
   */
  progress: ConnectorCall[];
  /** Successful calls only. */
  ok(): ConnectorCall[];
  /** Fail the next `count` matching calls with this answer. */
  failNext(count: number, failure: Failure): void;
  /** Delay every answer by this many ms (0 = none). */
  delay(ms: number): void;
  /** Resolves with the successful calls once `predicate` holds for them; rejects after `timeoutMs`. */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<ConnectorCall[]>;
  /** Conversation members by user id, served at GET /v3/conversations/:id/members/:userId (TeamsInfo.getMember). */
  members: Map<string, Record<string, unknown>>;
  /** Forget recorded calls and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const progress: ConnectorCall[] = [];
  const failures: Array<Failure & { left: number }> = [];
  let nextId = 1;
  let delayMs = 0;
  const watchers = new Set<() => void>();
  const members = new Map<string, Record<string, unknown>>();
  const MEMBER = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)\/?$/;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const member = req.method === 'GET' ? MEMBER.exec(new URL(req.url ?? '/', 'http://x').pathname) : null;
    if (member) {
      const found = members.get(decodeURIComponent(member[1]!));
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(found ?? { error: { code: 'MemberNotFound', message: 'no such member' } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const m = PATH.exec(url.pathname);
    const method = req.method ?? 'GET';
    const call: ConnectorCall = {
      method,
      path: url.pathname,
      conversationId: m ? decodeURIComponent(m[1]!) : '',
      ...(m?.[2] ? { activityId: decodeURIComponent(m[2]) } : {}),
      body,
      time: Date.now(),
      status: 200,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    recordEmitted({ where: `connector ${method} ${call.path}`, text: body, conversationId: call.conversationId });
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const failure = failures.find(
      (f) => f.left > 0 && (!f.method || f.method === method) && (!f.conversationId || f.conversationId === call.conversationId),
    );
    if (failure) {
      failure.left--;
      call.status = failure.status;
      calls.push(call);
      res.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers });
      res.end(JSON.stringify(failure.body ?? { error: { code: 'Fake', message: `fake ${failure.status}` } }));
    } else if (!m) {
      call.status = 404;
      calls.push(call);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'no such route' } }));
    } else {
      const id = method === 'PUT' || method === 'DELETE' ? call.activityId! : `act-${nextId++}`;
      call.assignedId = id;
      (method === 'PUT' && isWorkingCard(cardOf(call)) ? progress : calls).push(call);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id }));
    }
    for (const w of [...watchers]) w();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const ok = () => calls.filter((c) => c.status < 300);

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    progress,
    members,
    ok,
    failNext(count, failure) {
      failures.push({ ...failure, left: count });
    },
    delay(ms) {
      delayMs = ms;
    },
    waitFor(predicate, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(ok())) {
            clearTimeout(timer);
            watchers.delete(check);
            resolve(ok());
          }
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`fake connector: condition not met within ${timeoutMs} ms; calls: ${JSON.stringify(calls.map((c) => `${c.method} ${c.path} ${c.status}`))}`));
        }, timeoutMs);
        watchers.add(check);
        check();
      });
    },
    reset() {
      calls.length = 0;
      progress.length = 0;
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A "working" card (its status line starts with ⏳ in every language), not a command's answer. */
export function isWorkingCard(card: unknown): boolean {
  const body = (card as { body?: unknown[] } | undefined)?.body;
  return Array.isArray(body) && body.some((el) => typeof (el as { text?: unknown })?.text === 'string' && (el as { text: string }).text.startsWith('⏳'));
}

/** The Adaptive Card in a recorded call's activity, if any. */
export function cardOf(call: ConnectorCall | undefined): any {
  return call?.body?.attachments?.find((a: any) => a?.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All text in a card (TextBlock text, FactSet facts, table cells, action titles), joined, for assertions. */
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
