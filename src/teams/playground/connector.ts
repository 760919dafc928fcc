/**
 * A minimal Bot Connector for the local playground: the bot's connector client posts and updates activities
 * here (serviceUrl = <this server>/playground/connector/), and the page follows them over Server-Sent Events.
 * In memory and bounded (conversations and events per conversation); local mode only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';

export interface ConnectorEvent {
  seq: number;
  kind: 'create' | 'update' | 'delete';
  activity: Record<string, unknown>;
}

interface Conversation {
  events: ConnectorEvent[];
  seq: number;
  nextId: number;
  clients: Set<ServerResponse>;
}

const MAX_EVENTS = 300;

export class PlaygroundConnector {
  private readonly conversations = new LRUCache<string, Conversation>({
    max: 200,
    // Evicting a conversation ends its streams; the page reconnects and goes on from there.
    dispose: (c) => {
      for (const res of c.clients) res.end();
    },
  });
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor() {
    this.heartbeat = setInterval(() => {
      this.conversations.forEach((c) => {
        for (const res of c.clients) res.write(': keep-alive\n\n');
      });
    }, 20_000);
    this.heartbeat.unref();
  }

  private conversation(id: string): Conversation {
    let c = this.conversations.get(id);
    if (!c) {
      c = { events: [], seq: 0, nextId: 1, clients: new Set() };
      this.conversations.set(id, c);
    }
    return c;
  }

  /** POST …/activities and POST …/activities/:replyToId: store, assign an id, tell the page. */
  create(conversationId: string, activity: Record<string, unknown>, replyToId?: string): { id: string } {
    const c = this.conversation(conversationId);
    const id = `pg-${c.nextId++}`;
    const stored = { ...activity, id, ...(replyToId && !activity['replyToId'] ? { replyToId } : {}), timestamp: new Date().toISOString() };
    this.emit(c, 'create', stored);
    return { id };
  }

  /** PUT …/activities/:activityId: replace in place. */
  update(conversationId: string, activityId: string, activity: Record<string, unknown>): { id: string } {
    const c = this.conversation(conversationId);
    this.emit(c, 'update', { ...activity, id: activityId, timestamp: new Date().toISOString() });
    return { id: activityId };
  }

  delete(conversationId: string, activityId: string): void {
    this.emit(this.conversation(conversationId), 'delete', { id: activityId });
  }

  /** GET /playground/events?conversation=…: an SSE stream; replays what followed Last-Event-ID on reconnect. */
  subscribe(conversationId: string, req: IncomingMessage, res: ServerResponse): void {
    const c = this.conversation(conversationId);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const last = Number(req.headers['last-event-id']);
    if (Number.isFinite(last)) for (const e of c.events) if (e.seq > last) write(res, e);
    c.clients.add(res);
    const drop = () => c.clients.delete(res);
    req.on('close', drop);
    res.on('close', drop);
  }

  /** Events stored for a conversation (tests). */
  events(conversationId: string): readonly ConnectorEvent[] {
    return this.conversations.get(conversationId)?.events ?? [];
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.conversations.forEach((c) => {
      for (const res of c.clients) res.end();
      c.clients.clear();
    });
  }

  private emit(c: Conversation, kind: ConnectorEvent['kind'], activity: Record<string, unknown>): void {
    const e: ConnectorEvent = { seq: ++c.seq, kind, activity };
    c.events.push(e);
    if (c.events.length > MAX_EVENTS) c.events.splice(0, c.events.length - MAX_EVENTS);
    for (const res of c.clients) write(res, e);
  }
}

function write(res: ServerResponse, e: ConnectorEvent): void {
  res.write(`id: ${e.seq}\ndata: ${JSON.stringify({ kind: e.kind, activity: e.activity })}\n\n`);
}
