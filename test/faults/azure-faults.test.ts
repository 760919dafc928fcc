/**
 * Azure failing, end to end: chat messages over real HTTP into the real restify + CloudAdapter bot, the real
 * SDK over HTTPS to the demo emulator with injected faults (throttling storms with and without Retry-After,
 * 5xx bursts, long-running operations that never finish), an ARM endpoint that is down, and a credential that
 * cannot get a token. For each: the card says what failed and whether retrying is worth it (the retry line and
 * a Retry button follow `error.retryable`), what did succeed is still shown (partial), there is no stack trace,
 * the process stays healthy (/healthz 200), and no card stays "working…" (every working card gets its PUT).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArmReader } from '../../src/azure/arm-reader.ts';
import { createNetworkClients } from '../../src/azure/client.ts';
import type { Services } from '../../src/commands/types.ts';
import { loadConfig } from '../../src/config.ts';
import type { FaultRule } from '../../src/emulator/server.ts';
import { RUN_VERB } from '../../src/render/card.ts';
import { createServices, type ServicesHandle, VERSION } from '../../src/services.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { cardOf, cardText, type ConnectorCall, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { expectHealthy, expectNoCardLeftWorking, finalCard, isWorkingCard, settled } from '../security/bot-http.ts';
import { captureLog, messageActivity, newChat, postActivity, STACKISH } from '../teams/harness.ts';

const RETRY_YES = 'Retrying may help.';
const RETRY_NO = 'Retrying will not help until the cause is fixed.';

let connector: FakeConnector;
const dataDir = mkdtempSync(join(tmpdir(), 'netops-faults-'));
const log = captureLog();

interface Rig {
  handle?: ServicesHandle;
  services: Services;
  bot: BotServer;
}

async function rig(env: Record<string, string>, services?: Services): Promise<Rig> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10', NETOPS_DATA_DIR: dataDir, ...env });
  let handle: ServicesHandle | undefined;
  if (!services) {
    handle = await createServices(config, { emulator: { lroDurationScale: 0 } });
    // Only the injected faults throttle: ARM's own token bucket stays out of the way.
    handle.emulator!.world.settings.rateLimits.enabled = false;
    services = handle.services;
  }
  const bot = await createBotServer({ config: services.config, services, log, host: '127.0.0.1', shutdownGraceMs: 1_000 });
  return { ...(handle ? { handle } : {}), services, bot };
}

/** The default rig: the demo emulator with the production time budget (90 s per Azure call). */
let main: Rig;
/** A rig with a 1.5 s budget per Azure call (AZURE_CALL_TIMEOUT_MS), for operations that never finish. */
let tight: Rig;

beforeAll(async () => {
  connector = await startFakeConnector();
  [main, tight] = await Promise.all([rig({}), rig({ AZURE_CALL_TIMEOUT_MS: '1500' })]);
});

afterAll(async () => {
  await Promise.all([main, tight].map(async (r) => {
    await r?.bot.close();
    await r?.handle?.close();
  }));
  await connector?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function clearCaches(r: Rig): void {
  (r.services.azure as unknown as { cache: { clear(): void } }).cache.clear();
}

afterEach(() => {
  for (const r of [main, tight]) {
    r.handle?.emulator?.faults.clear();
    if (r.handle) clearCaches(r);
  }
});

/** Adds fault rules on a rig's emulator, with a fresh reader cache so that every read really goes to ARM. */
function inject(r: Rig, ...rules: FaultRule[]): void {
  clearCaches(r);
  for (const rule of rules) r.handle!.emulator!.faults.add(rule);
}

interface Answer {
  asked: string;
  calls: ConnectorCall[];
  ack: ConnectorCall | undefined;
  card: any;
  text: string;
  chat: ReturnType<typeof newChat>;
}

/** Sends `text` in a fresh conversation and waits until the working card (if any) has been replaced. */
async function ask(r: Rig, text: string, timeoutMs = 40_000): Promise<Answer> {
  const chat = newChat(connector.url);
  const res = await postActivity(r.bot.url, messageActivity(chat, text));
  expect(res.status).toBe(200);
  const calls = await settled(connector, chat.conversationId, timeoutMs);
  const card = finalCard(calls);
  expect(card, text).toBeDefined();
  expectValidCard(card);
  const cardString = cardText(card);
  expect(cardString, `stack-like text in the card for "${text}"`).not.toMatch(STACKISH);
  return { asked: text, calls, ack: calls.find((c) => c.method === 'POST' && isWorkingCard(c)), card, text: cardString, chat };
}

function buttons(card: unknown): { title: string; command: string; verb: string }[] {
  const out: { title: string; command: string; verb: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push({ title: String(o.title), command: String((o.data as { command?: unknown })?.command), verb: String(o.verb) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** An error card: names the failure, says whether retrying may help, and has a Retry button exactly when it may. */
function expectFailureCard(a: Answer, expected: { says: RegExp; retryable: boolean }): void {
  expect(a.text, a.text).toMatch(/❌ Could not run/);
  expect(a.text, a.text).toMatch(expected.says);
  expect(a.text).toContain(expected.retryable ? RETRY_YES : RETRY_NO);
  const retry = buttons(a.card).filter((b) => b.title === 'Retry');
  if (expected.retryable) {
    expect(retry, JSON.stringify(buttons(a.card))).toHaveLength(1);
    expect(retry[0]).toMatchObject({ verb: RUN_VERB, command: a.asked });
  } else {
    expect(retry).toEqual([]);
  }
}

/** A partial result: the PARTIAL badge, a note naming what could not be read and why. */
function expectPartialCard(a: Answer, what: RegExp): void {
  expect(a.text).not.toMatch(/❌ Could not run/);
  expect(a.text).toMatch(/PARTIAL/);
  expect(a.text, a.text).toMatch(what);
}

function requests(r: Rig, operation: string): number {
  return r.handle!.emulator!.requests.count({ operation });
}

// ---------------------------------------------------------------------------------------------- throttling

describe('a throttling storm', () => {
  it('429 without any retry header on every ARM call: circuits and bgp status say "throttled, try again in a minute", with Retry', async () => {
    inject(main, { kind: 'throttle', operation: '*' });
    const before = requests(main, 'circuits.listAll');
    const [circuits, bgp] = await Promise.all([ask(main, 'circuits'), ask(main, 'bgp status tokyo-er')]);
    for (const a of [circuits, bgp]) {
      expect(a.ack, 'acknowledged with a working card first').toBeDefined();
      expectFailureCard(a, { says: /Azure is throttling requests; try again in a minute/, retryable: true });
    }
    // The SDK does not retry a 429 without a header; the bot did, within its budget, before giving up.
    expect(requests(main, 'circuits.listAll') - before).toBeGreaterThan(2);
    await expectHealthy(main.bot.url);
    // ARM answers, if only with 429s: the instance stays in rotation, and says why Azure is slow.
    const ready = await fetch(`${main.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { azure: { detail: string } }).azure.detail).toMatch(/answered \(throttled/);
  });

  it('429 without a retry header twice, then an answer: the card is the normal one', async () => {
    inject(main, { kind: 'throttle', operation: 'circuits.listAll', count: 2 }, { kind: 'throttle', operation: 'circuits.get', count: 2 });
    const [circuits, bgp] = await Promise.all([ask(main, 'circuits'), ask(main, 'bgp status tokyo-er')]);
    expect(circuits.text).toMatch(/tokyo-er/);
    expect(circuits.text).not.toMatch(/❌|throttl/i);
    expect(bgp.text).toMatch(/ER-HEALTHY/);
    expect(bgp.text).not.toMatch(/PARTIAL|❌/);
  });

  it('429 with retry-after-ms twice, then an answer: the SDK waits as told and the card is the normal one', async () => {
    inject(main, { kind: 'throttle', operation: 'circuits.listAll', count: 2, retryAfterMs: 150 });
    const a = await ask(main, 'circuits');
    expect(a.text).toMatch(/tokyo-er/);
    expect(a.text).not.toMatch(/❌/);
  });

  it('429 with retry-after-ms that never ends: "throttled, try again in 1 s", with Retry', async () => {
    inject(main, { kind: 'throttle', operation: 'circuits.listAll', retryAfterMs: 250 });
    const a = await ask(main, 'circuits');
    expectFailureCard(a, { says: /Azure is throttling requests; try again in 1 s/, retryable: true });
    await expectHealthy(main.bot.url);
  });

  it('429 on the secondary ARP table only: the primary path is shown, the secondary is marked throttled (partial)', async () => {
    inject(main, { kind: 'throttle', operation: 'arpTable', pathIncludes: 'tokyo-er/peerings/AzurePrivatePeering/arpTables/secondary' });
    const a = await ask(main, 'bgp status tokyo-er');
    expectPartialCard(a, /ARP table of the Secondary path could not be read \(throttled by Azure\)/);
    expect(a.text).toMatch(/Primary[\s\S]*on-prem 192\.168\.10\.1/); // what succeeded
    expect(a.text).toMatch(/ER-PATH-READ-FAILED/);
    expect(a.text).toMatch(/try again in a minute/); // the next step says retrying is worth it
    expect(buttons(a.card).map((b) => b.command)).toContain('arp table tokyo-er secondary');
  });

  it('429 with Retry-After (60 s) beyond the SDK cap and the call budget: "try again in 60 s", with Retry', async () => {
    inject(tight, { kind: 'throttle', operation: 'circuits.listAll', retryAfterSeconds: 60 });
    const before = requests(tight, 'circuits.listAll');
    const a = await ask(tight, 'circuits');
    expectFailureCard(a, { says: /Azure is throttling requests; try again in 60 s/, retryable: true });
    // Neither the SDK nor the bot waited out the 60 s: one request per subscription.
    expect(requests(tight, 'circuits.listAll') - before).toBe(tight.services.azure.subscriptionIds.length);
  });

  // Regression (found by this suite): withThrottleRetry slept through any Retry-After that fit the call budget
  // (60 s of "working…"). A Retry-After over the 10 s cap is now reported at once.
  it('429 with Retry-After (60 s) beyond the SDK cap: the card says "try again in 60 s" at once', async () => {
    // Its own rig: under the defect its command is still sleeping when the test ends, and closing this bot marks
    // that card "interrupted" (so no card stays "working…") without disturbing the other tests' caches.
    const patient = await rig({});
    try {
      inject(patient, { kind: 'throttle', operation: 'circuits.listAll', retryAfterSeconds: 60 });
      const chat = newChat(connector.url);
      await postActivity(patient.bot.url, messageActivity(chat, 'circuits'));
      // "At once": well before the 60 s ARM asked for; the fault stays in place so a retry would fail the same way.
      const calls = await settled(connector, chat.conversationId, 15_000).catch(() => {
        throw new Error('no result within 15 s: the bot is sleeping through the 60 s Retry-After before trying again');
      });
      const a = { asked: 'circuits', calls, ack: undefined, card: finalCard(calls), text: cardText(finalCard(calls)), chat };
      expectFailureCard(a, { says: /try again in 60 s/, retryable: true });
      // One request per subscription: the bot did not sleep through the Retry-After and ask again.
      expect(requests(patient, 'circuits.listAll')).toBe(patient.services.azure.subscriptionIds.length);
    } finally {
      await patient.bot.close();
      await patient.handle?.close();
    }
  }, 40_000);
});

// ---------------------------------------------------------------------------------------------- 5xx

describe('a 5xx burst', () => {
  it('two 5xx, then answers: the SDK retries and the cards are the normal ones', async () => {
    inject(main, { kind: 'error', status: 500, operation: 'circuits.listAll', count: 2 }, { kind: 'error', status: 503, operation: 'circuits.get', count: 2 });
    const [circuits, bgp] = await Promise.all([ask(main, 'circuits'), ask(main, 'bgp status tokyo-er')]);
    expect(circuits.text).toMatch(/tokyo-er/);
    expect(circuits.text).not.toMatch(/❌/);
    expect(bgp.text).toMatch(/ER-HEALTHY/);
    expect(bgp.text).not.toMatch(/❌|PARTIAL/);
  });

  it('a persistent 5xx: a clear error card that says Azure failed on its side and that retrying may help', async () => {
    inject(main, { kind: 'error', status: 500, operation: 'circuits.listAll' });
    const [circuits, bgp] = await Promise.all([ask(main, 'circuits'), ask(main, 'bgp status tokyo-er')]);
    for (const a of [circuits, bgp]) expectFailureCard(a, { says: /Azure reported a failure on its side\. Retrying in a minute may help/, retryable: true });
    expect(circuits.text).toMatch(/Error code: azure-failure/);
    await expectHealthy(main.bot.url);
  });

  it('a persistent 503 on one path\'s route summary: the rest of bgp status is shown, that part is marked', async () => {
    inject(main, { kind: 'error', status: 503, operation: 'routeTableSummary', pathIncludes: '/routeTablesSummary/secondary' });
    const a = await ask(main, 'bgp status tokyo-er');
    expectPartialCard(a, /BGP route summary of the Secondary path could not be read \(Azure error\)/);
    expect(a.text).toMatch(/Primary[\s\S]*Established/); // what succeeded
    expect(a.text).toMatch(/Try again; if it keeps failing, check Azure Service Health/);
  });
});

// ---------------------------------------------------------------------------------------------- LROs

describe('long-running operations that never finish within the budget (AZURE_CALL_TIMEOUT_MS=1500)', () => {
  it('bgp status: the secondary ARP read times out; everything else is shown and the card says what timed out', async () => {
    inject(tight, { kind: 'lro-never', operation: 'arpTable', pathIncludes: '/arpTables/secondary' });
    const a = await ask(tight, 'bgp status tokyo-er');
    expectPartialCard(a, /Partial result: the ARP table of the Secondary path could not be read \(timed out\)/);
    expect(a.text).toMatch(/Primary[\s\S]*on-prem 192\.168\.10\.1/);
    expect(a.text).toMatch(/Azure did not answer in time: try again/);
    expect(buttons(a.card).map((b) => b.command)).toContain('arp table tokyo-er secondary');
    await expectHealthy(tight.bot.url);
  });

  it('arp table on both paths: both time out; the card names both and suggests trying again', async () => {
    inject(tight, { kind: 'lro-never', operation: 'arpTable' });
    const a = await ask(tight, 'arp table tokyo-er');
    expectPartialCard(a, /ARP table of the Primary path could not be read \(timed out\)/);
    expect(a.text).toMatch(/ARP table of the Secondary path could not be read \(timed out\)/);
    expect(a.text).toMatch(/Azure did not answer in time: try again/);
  });

  it('routes (one path, one LRO, nothing else to show): the table says "not read (timed out)", with a button to try again', async () => {
    inject(tight, { kind: 'lro-never', operation: 'routeTable' });
    const a = await ask(tight, 'routes tokyo-er');
    expectPartialCard(a, /Partial result: the route table of the Primary path could not be read \(timed out\)/);
    expect(a.text).toMatch(/not read \(timed out\)/);
    expect(a.text).toMatch(/Azure did not answer in time: try again/);
    expect(buttons(a.card).map((b) => b.command)).toContain('routes tokyo-er primary');
  });
});

// ---------------------------------------------------------------------------------------------- ARM down

describe('an ARM endpoint that is down', () => {
  let down: Rig;
  beforeAll(async () => {
    down = await rig({});
    await down.handle!.emulator!.close(); // nothing listens on its port any more
    clearCaches(down);
  });
  afterAll(async () => {
    await down?.bot.close();
  });

  it('"cannot reach Azure" cards with Retry, /readyz 503 while /healthz stays 200, and commands without Azure still work', async () => {
    const [circuits, bgp, about] = await Promise.all([ask(down, 'circuits'), ask(down, 'bgp status tokyo-er'), ask(down, 'about')]);
    const endpoint = down.services.azure.endpoint;
    for (const a of [circuits, bgp]) {
      expectFailureCard(a, { says: /Cannot reach Azure Resource Manager at/, retryable: true });
      expect(a.text).toContain(endpoint);
    }
    expect(about.text).not.toMatch(/❌/);
    const ready = await fetch(`${down.bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, azure: { ok: false } });
    await expectHealthy(down.bot.url);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------- credential

class CredentialUnavailableError extends Error {
  override name = 'CredentialUnavailableError';
}

describe('a credential that cannot get a token (live mode, no emulator)', () => {
  let live: Rig;
  let tokenRequests = 0;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_SUBSCRIPTION_IDS: '00000000-0000-4000-8000-000000000001', NETOPS_DATA_DIR: dataDir });
    expect(config.azure.mode).toBe('live');
    // What @azure/identity's DefaultAzureCredential throws when no source of identity is present.
    const credential: TokenCredential = {
      getToken: async (): Promise<AccessToken> => {
        tokenRequests++;
        throw new CredentialUnavailableError(
          'DefaultAzureCredential failed to retrieve a token from the included credentials.\n- EnvironmentCredential is unavailable.\n- ManagedIdentityCredential: no response from the IMDS endpoint.\n- AzureCliCredential: Please run \'az login\'.',
        );
      },
    };
    const clients = createNetworkClients({ endpoint: config.azure.endpoint, subscriptionIds: config.azure.subscriptionIds, credential, retryDelayMs: 20 });
    const azure = new ArmReader({ clients, endpoint: config.azure.endpoint, simulated: false, lroPollMs: 10, callTimeoutMs: config.azure.callTimeoutMs });
    live = await rig({}, { azure, config, version: VERSION });
  });
  afterAll(async () => {
    await live?.bot.close();
  });

  it('the card names the credential problem, says retrying will not help, and has no Retry; /readyz 503, /healthz 200', async () => {
    const [circuits, bgp] = await Promise.all([ask(live, 'circuits'), ask(live, 'bgp status tokyo-er')]);
    for (const a of [circuits, bgp]) {
      expectFailureCard(a, { says: /could not get an Azure token: its credential \(managed identity or service principal\) is missing, wrong or expired/, retryable: false });
      expect(a.text).toMatch(/Error code: credential/);
      // The credential's own message (which names local tools and endpoints) stays in the log.
      expect(a.text).not.toMatch(/IMDS|az login|EnvironmentCredential/);
    }
    expect(tokenRequests).toBeGreaterThan(0);
    const ready = await fetch(`${live.bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(/credential/);
    await expectHealthy(live.bot.url);
  });
});

// ---------------------------------------------------------------------------------------------- afterwards

describe('after all the faults', () => {
  it('every working card got its result, and the bots are healthy', async () => {
    expectNoCardLeftWorking(connector);
    await Promise.all([main, tight].map((r) => expectHealthy(r.bot.url)));
    // No command failed inside the bot: every failure above was an Azure failure, mapped and explained.
    expect(log.lines.filter((l) => String(l.msg).startsWith('engine:') || l.msg === 'turn failed' || l.msg === 'render failed').map((l) => JSON.stringify(l))).toEqual([]);
  });
});
