/**
 * Issue 15, point 3: a Retry-After is honoured at its own cost, not multiplied. ARM answering every circuit GET
 * with 429 and `Retry-After: 2` used to keep the engineer waiting ~30 s (the SDK slept through three 2 s waits
 * inside each of our four attempts: 16 requests); now one layer waits, as ARM says, a bounded number of times
 * within the budget, and the working card says it is waiting on Azure's throttling and for how long.
 * Real bot over HTTP, real SDK over HTTPS to the demo emulator with an injected throttling fault.
 */
import { expect, it } from 'vitest';
import { expectValidCard } from '../helpers/card-checks.ts';
import { cardOf, cardText, type ConnectorCall } from '../helpers/fake-connector.ts';
import { useFaultRig } from '../helpers/fault-rig.ts';
import { finalCard, settled } from '../security/bot-http.ts';
import { messageActivity, newChat, postActivity } from '../teams/harness.ts';

const rig = useFaultRig({}, { progress: { firstMs: 300, everyMs: 400 } });

async function ask(text: string): Promise<{ calls: ConnectorCall[]; progress: string[]; card: unknown; ms: number }> {
  const chat = newChat(rig.connector.url);
  const started = Date.now();
  expect((await postActivity(rig.bot.url, messageActivity(chat, text))).status).toBe(200);
  const calls = await settled(rig.connector, chat.conversationId, 60_000);
  const ms = Date.now() - started;
  const progress = rig.connector.progress.filter((c) => c.conversationId === chat.conversationId).map((c) => {
    expectValidCard(cardOf(c));
    return cardText(cardOf(c));
  });
  return { calls, progress, card: finalCard(calls), ms };
}

it('a 429 with Retry-After: 2 on every circuit GET: a few 2 s waits, as ARM asked, then "try again in 2 s"; the working card says so', async () => {
  rig.emulator.faults.add({ kind: 'throttle', operation: 'circuits.get', retryAfterSeconds: 2 });
  const before = rig.emulator.requests.count({ operation: 'circuits.get' });
  const a = await ask('circuit tokyo-er');
  const text = cardText(a.card);
  expect(text).toMatch(/Azure is throttling requests; try again in 2 s/);
  // One retrying layer: 4 requests with three 2 s waits between them (16 requests and ~30 s before the fix).
  expect(rig.emulator.requests.count({ operation: 'circuits.get' }) - before).toBe(4);
  expect(a.ms).toBeGreaterThanOrEqual(5_500);
  expect(a.ms).toBeLessThan(12_000);
  // While it waited, the working card said why and for how long.
  expect(a.progress.some((t) => /Azure is throttling: waiting \d s before asking again/.test(t)), a.progress.join('\n---\n')).toBe(true);
}, 60_000);

it('a 429 with Retry-After: 2 twice, then an answer: the normal card after about 4 s', async () => {
  rig.emulator.faults.add({ kind: 'throttle', operation: 'circuits.get', retryAfterSeconds: 2, count: 2 });
  const a = await ask('circuit tokyo-er');
  expect(cardText(a.card)).toMatch(/tokyo-er/);
  expect(cardText(a.card)).not.toMatch(/❌|throttl/i);
  expect(a.ms).toBeGreaterThanOrEqual(3_500);
  expect(a.ms).toBeLessThan(10_000);
}, 60_000);

it('a Retry-After longer than the command may wait (3600 s) is answered at once with "try again in 60 min"', async () => {
  rig.emulator.faults.add({ kind: 'throttle', operation: 'circuits.get', retryAfterSeconds: 3600 });
  const before = rig.emulator.requests.count({ operation: 'circuits.get' });
  const a = await ask('circuit tokyo-er');
  expect(cardText(a.card)).toMatch(/Azure is throttling requests; try again in/);
  expect(rig.emulator.requests.count({ operation: 'circuits.get' }) - before).toBe(1);
  expect(a.ms).toBeLessThan(5_000);
}, 60_000);
