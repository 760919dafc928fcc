/**
 * Helpers for driving the real bot over HTTP in the security and fault suites: raw POSTs of arbitrary bodies,
 * waiting for a conversation's cards to settle (a working card replaced by its result), and checks that no
 * card was left "working…".
 */
import { expect } from 'vitest';
import { cardOf, cardText, type ConnectorCall, type FakeConnector } from '../helpers/fake-connector.ts';

/** The status line of the "working" card (render:working.status, English and Japanese). */
export const WORKING_MARK = /⏳/;

export const isWorkingCard = (call: ConnectorCall): boolean => WORKING_MARK.test(cardText(cardOf(call)));

export interface RawAnswer {
  status: number;
  text: string;
  contentType: string;
}

/** POSTs any body with any content type to /api/messages. */
export async function rawPost(botUrl: string, body: string | Uint8Array, contentType = 'application/json', headers: Record<string, string> = {}): Promise<RawAnswer> {
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/** The calls of one conversation once every working card in it has been replaced (PUT) by its result. */
export async function settled(connector: FakeConnector, conversationId: string, timeoutMs = 30_000): Promise<ConnectorCall[]> {
  const calls = await connector.waitFor((all) => {
    const mine = all.filter((c) => c.conversationId === conversationId);
    const posts = mine.filter((c) => c.method === 'POST');
    return posts.length > 0 && posts.every((p) => !isWorkingCard(p) || mine.some((u) => u.method === 'PUT' && u.activityId === p.assignedId));
  }, timeoutMs);
  return calls.filter((c) => c.conversationId === conversationId);
}

/** The final card of a settled conversation: the last PUT, or the last POST when nothing was updated. */
export function finalCard(calls: readonly ConnectorCall[]): any {
  const last = [...calls].reverse().find((c) => c.method === 'PUT') ?? [...calls].reverse().find((c) => c.method === 'POST');
  return cardOf(last);
}

/** Every working card POSTed to the connector got its PUT update (none stays "working…"). */
export function expectNoCardLeftWorking(connector: FakeConnector, except: ReadonlySet<string> = new Set()): void {
  const ok = connector.ok();
  const stuck = ok
    .filter((c) => c.method === 'POST' && !except.has(c.conversationId) && isWorkingCard(c))
    .filter((p) => !ok.some((u) => u.method === 'PUT' && u.conversationId === p.conversationId && u.activityId === p.assignedId));
  expect(stuck.map((c) => `${c.conversationId}: ${cardText(cardOf(c)).slice(0, 120)}`), 'working cards never replaced by a result').toEqual([]);
}

/** Tees process.stderr (botbuilder prints some errors there itself); returns the text captured and a restore. */
export function captureStderr(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return { text: () => chunks.join(''), restore: () => void (process.stderr.write = original) };
}

export async function expectHealthy(botUrl: string): Promise<void> {
  const res = await fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { status?: string }).status).toBe('ok');
}
