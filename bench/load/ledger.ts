/**
 * The books of a load run: every activity posted to the bot (an "op") and every card the bot sent to the fake
 * connector, matched to each other, so that at the end each op can be checked for exactly one final card.
 *
 * How a card is matched to its op (the connector sees the Bot Connector REST paths):
 *   - POST /v3/conversations/{c}/activities/{id}: a reply to the activity `id` (a message we posted): the
 *     first one is its ack (a "working" card, or the final card of a command that calls nothing).
 *   - PUT  /v3/conversations/{c}/activities/{cardId}: the update of card `cardId`: the final card of the op
 *     that acknowledged with that card (a message), or of a click on that card (an invoke; its working card
 *     was the invoke response). Ops on one card are matched in order, preferring the op whose request the
 *     card shows ("> bgp status tokyo-er").
 *   - POST /v3/conversations/{c}/activities (no id): a new message, which the bot sends when an update failed;
 *     matched by the request it shows to an op still waiting for its update.
 * Anything else is an orphan: a card no op asked for.
 */
import { cardOf, cardText, type ConnectorEvent } from '../connector.ts';
import { buttonsOf, type Button } from './scenario.ts';

export type OpKind = 'message' | 'invoke';

export interface Final {
  /** performance.now() of arrival (connector), or of the invoke response. */
  at: number;
  via: 'reply' | 'update' | 'new message' | 'invoke response';
  outcome: string;
  /** The card of this "final" was a working card (the bot never replaced it). */
  working: boolean;
}

export interface Op {
  seq: number;
  user: number;
  room: string;
  kind: OpKind;
  /** The command text (typed, or the button's data.command). */
  command: string;
  /** Canonical command name (spec), '?' when none matches. */
  spec: string;
  /** What the command calls, from its spec. */
  calls: 'none' | 'azure' | 'probe' | '?';
  activityId: string;
  /** The card the op's final card updates: the clicked card (invoke) or the working card (message). */
  cardId?: string;
  t0: number;
  t1?: number;
  status?: number;
  postError?: string;
  /** Whether a PUT is to come (working card seen); undefined while not known. */
  expectsUpdate?: boolean;
  /** Replies (POSTs) to a message: must be exactly one. */
  replies: number;
  ackAt?: number;
  finals: Final[];
  /** Buttons of the first final card, for the user's next click. */
  buttons: Button[];
  /** Resolves when the first final card arrived, or nothing more can come (the post failed). */
  settled: Promise<void>;
  settle: () => void;
}

interface CardSummary {
  working: boolean;
  request?: string;
  outcome: string;
  buttons: Button[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export class Ledger {
  readonly ops: Op[] = [];
  readonly orphans: Array<{ room: string; method: string; activityId?: string; at: number; request?: string }> = [];
  /** Every card send per room (POST and PUT arrival times), for the per-conversation rate figures. */
  readonly sendsByRoom = new Map<string, number[]>();
  private readonly byActivity = new Map<string, Op>();
  private readonly byCard = new Map<string, Op[]>();
  private readonly workingStatus: string;

  /** `workingStatus`: the status line of the bot's "working" card (render:working.status). */
  constructor(workingStatus: string) {
    this.workingStatus = workingStatus;
  }

  newOp(o: Pick<Op, 'user' | 'room' | 'kind' | 'command' | 'spec' | 'calls' | 'activityId' | 'cardId'>): Op {
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const op: Op = { ...o, seq: this.ops.length + 1, t0: performance.now(), replies: 0, finals: [], buttons: [], settled, settle };
    this.ops.push(op);
    if (op.kind === 'message') this.byActivity.set(op.activityId, op);
    // An invoke's update may reach the connector before its HTTP response reaches us: register it now.
    else if (op.cardId) this.onCard(op.cardId, op);
    return op;
  }

  /** The HTTP answer to POST /api/messages (an invoke's carries its card). */
  posted(op: Op, r: { status: number; t0: number; t1: number; body?: string } | { error: string }): void {
    if ('error' in r) {
      op.postError = r.error;
      op.settle();
      return;
    }
    op.t0 = r.t0;
    op.t1 = r.t1;
    op.status = r.status;
    if (op.kind !== 'invoke') return;
    let card: unknown;
    try {
      card = (JSON.parse(r.body ?? '') as { value?: unknown })?.value;
    } catch {
      card = undefined;
    }
    if (r.status !== 200 || !card || typeof card !== 'object') {
      op.expectsUpdate = false;
      op.settle();
      return;
    }
    const s = this.summarize(card);
    op.ackAt = r.t1;
    if (s.working) op.expectsUpdate = true;
    else {
      op.expectsUpdate = false;
      this.final(op, { at: r.t1, via: 'invoke response', outcome: s.outcome, working: false }, s);
    }
  }

  /** One call the bot made to the connector (its body parsed: the connector captures every room). */
  onEvent(room: string, e: ConnectorEvent): void {
    const sends = this.sendsByRoom.get(room) ?? [];
    sends.push(e.t);
    this.sendsByRoom.set(room, sends);
    const s = this.summarize(cardOf(e));
    e.body = undefined; // keep the generator's memory flat: what was needed is in `s`
    if (e.method === 'POST' && e.activityId) {
      const op = this.byActivity.get(e.activityId);
      if (!op) return void this.orphans.push({ room, method: e.method, activityId: e.activityId, at: e.t, ...(s.request ? { request: s.request } : {}) });
      op.replies++;
      if (op.replies > 1) {
        // A second reply to one message: a duplicate (counted as a final when it is a result).
        if (!s.working) op.finals.push({ at: e.t, via: 'reply', outcome: s.outcome, working: false });
        return;
      }
      op.ackAt = e.t;
      if (s.working) {
        op.expectsUpdate = true;
        op.cardId = e.assignedId;
        this.onCard(e.assignedId, op);
      } else {
        op.expectsUpdate = false;
        op.cardId = e.assignedId;
        this.final(op, { at: e.t, via: 'reply', outcome: s.outcome, working: false }, s);
      }
      return;
    }
    if (e.method === 'PUT' && e.activityId) {
      const op = this.matchUpdate(this.byCard.get(e.activityId) ?? [], e.t, s.request);
      if (!op) return void this.orphans.push({ room, method: e.method, activityId: e.activityId, at: e.t, ...(s.request ? { request: s.request } : {}) });
      this.final(op, { at: e.t, via: 'update', outcome: s.outcome, working: s.working }, s);
      return;
    }
    // A new message that replies to nothing: the bot's fallback when an update failed.
    const waiting = this.ops.filter((o) => o.room === room && o.expectsUpdate && o.finals.length === 0 && o.t0 <= e.t);
    const op = this.matchUpdate(waiting, e.t, s.request);
    if (!op) return void this.orphans.push({ room, method: e.method, at: e.t, ...(s.request ? { request: s.request } : {}) });
    this.final(op, { at: e.t, via: 'new message', outcome: s.outcome, working: s.working }, s);
  }

  /** Ops still waiting for a card they are due. */
  pending(): Op[] {
    return this.ops.filter((o) => !o.postError && o.finals.length === 0 && o.expectsUpdate !== false);
  }

  private onCard(cardId: string, op: Op): void {
    const list = this.byCard.get(cardId) ?? [];
    list.push(op);
    this.byCard.set(cardId, list);
  }

  /**
   * The op an update of a card belongs to: among the ops on that card posted before it and still waiting
   * (or not yet known to wait), the one whose request the card shows, else the oldest; when none waits,
   * the latest op on the card whose request matches (a duplicate), else the latest.
   */
  private matchUpdate(candidates: readonly Op[], at: number, request: string | undefined): Op | undefined {
    const before = candidates.filter((o) => o.t0 <= at && o.expectsUpdate !== false);
    const same = (o: Op) => request !== undefined && norm(o.command) === norm(request);
    const waiting = before.filter((o) => o.finals.length === 0);
    return waiting.find(same) ?? waiting[0] ?? before.findLast(same) ?? before.at(-1);
  }

  private final(op: Op, f: Final, s: CardSummary): void {
    op.finals.push(f);
    if (op.finals.length === 1) {
      op.buttons = s.buttons;
      op.settle();
    }
  }

  private summarize(card: unknown): CardSummary {
    if (!card || typeof card !== 'object') return { working: false, outcome: 'no card', buttons: [] };
    const text = cardText(card);
    const working = hasText(card, this.workingStatus);
    const request = /^> (.+)$/m.exec(text)?.[1];
    const code = /Error code: (\S+)/.exec(text)?.[1];
    // A result with some reads missing carries a PARTIAL badge and says why ("throttled by Azure").
    const partial = /^PARTIAL$/m.test(text) ? (/throttled/i.test(text) ? 'partial (throttled)' : 'partial') : undefined;
    const outcome = working ? 'working' : code ? `error ${code}` : (partial ?? 'ok');
    return { working, ...(request ? { request } : {}), outcome, buttons: working ? [] : buttonsOf(card) };
  }
}

/** A TextBlock of the card whose text is exactly `text`. */
function hasText(card: unknown, text: string): boolean {
  if (Array.isArray(card)) return card.some((x) => hasText(x, text));
  if (!card || typeof card !== 'object') return false;
  const o = card as { type?: unknown; text?: unknown };
  if (o.type === 'TextBlock' && o.text === text) return true;
  return Object.values(card).some((x) => typeof x === 'object' && hasText(x, text));
}

/** What went wrong with one op's cards, if anything: 'missing', 'duplicate', ... */
export function problemOf(op: Op): string | undefined {
  if (op.postError) return `post failed: ${op.postError}`;
  if (op.replies > 1) return `duplicate reply (${op.replies} replies)`;
  if (op.finals.length === 0) return op.ackAt === undefined ? 'missing: no card at all' : 'missing: working card never updated';
  if (op.finals.length > 1) return `duplicate final (${op.finals.length}: ${op.finals.map((f) => f.via).join(', ')})`;
  if (op.finals[0]!.working) return 'final card is a working card';
  return undefined;
}
