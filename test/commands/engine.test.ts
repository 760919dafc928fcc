import { afterEach, describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors.ts';
import { executeCommand, prepareCommand, runCommand, setEngineLogger, type EngineLogEvent, type Prepared } from '../../src/commands/engine.ts';
import { createMemory } from '../../src/commands/memory.ts';
import { newResult, type Result } from '../../src/commands/result.ts';
import type { CommandContext, CommandSpec, ConversationMemory } from '../../src/commands/types.ts';
import { FAKE_SPECS, failing, makeContext } from './fixtures.ts';

const ctx = makeContext(FAKE_SPECS);

async function prepared(text: string, memory = createMemory(), c = ctx): Promise<Extract<Prepared, { ok: true }>> {
  const p = await prepareCommand(text, c, memory);
  if (!p.ok) throw new Error(`expected ${text} to prepare, got ${p.result.error?.code}: ${p.result.error?.message}`);
  return p;
}

async function refused(text: string, memory = createMemory(), c = ctx): Promise<Result> {
  const p = await prepareCommand(text, c, memory);
  if (p.ok) throw new Error(`expected ${text} to be refused`);
  expect(p.result.ok).toBe(false);
  return p.result;
}

afterEach(() => setEngineLogger(undefined));

describe('prepareCommand: binding arguments', () => {
  it('binds keyword, enum and name params and writes a re-runnable request', async () => {
    const p = await prepared('ARP Table tokyo-er secondary page 2');
    expect(p.spec.name).toBe('arp table');
    expect(p.args).toEqual({ circuit: 'tokyo-er', path: 'secondary', page: 2, peering: 'AzurePrivatePeering' });
    expect(p.request).toBe('arp table tokyo-er secondary page 2');
    expect(p.needsAck).toBe(true);
  });

  it('finds enum values anywhere in the line and maps spellings to canonical values', async () => {
    expect((await prepared('arp table secondary tokyo-er')).args.circuit).toBe('tokyo-er');
    const p = await prepared('bgp status microsoft tokyo-er');
    expect(p.args.peering).toBe('MicrosoftPeering');
    expect(p.request).toBe('bgp status tokyo-er microsoft');
    expect((await prepared('bgp status tokyo-er PRIVATE')).args.peering).toBe('AzurePrivatePeering');
  });

  it('reads a quoted token as a name, never as an enum value', async () => {
    const p = await prepared('arp table "secondary"');
    expect(p.args).toMatchObject({ circuit: 'secondary', path: 'both' });
    expect((await prepared('bgp status "tokyo er"')).request).toBe('bgp status "tokyo er"');
  });

  it('validates IPv4 prefixes with a precise reason', async () => {
    expect((await prepared('routes summary tokyo-er 10.20.0.0/16')).args.prefix).toBe('10.20.0.0/16');
    expect((await prepared('routes summary tokyo-er 10.20.0.4')).args.prefix).toBe('10.20.0.4/32');
    const cleared = await prepared('routes summary tokyo-er 10.20.1.0/16');
    expect(cleared.args.prefix).toBe('10.20.0.0/16');
    expect(cleared.notes).toEqual(['Using 10.20.0.0/16 (host bits of 10.20.1.0/16 cleared)']);

    const octet = await refused('routes summary tokyo-er 10.20.300.0/16');
    expect(octet.error).toMatchObject({ code: 'bad-argument' });
    expect(octet.error!.message).toContain('“300” is not a number from 0 to 255');
    expect(octet.error!.message).toContain('routes summary tokyo-er 10.20.0.0/16'); // the example
    expect((await refused('routes summary tokyo-er 10.20.0.0/33')).error!.message).toContain('the mask “/33” must be a number from 0 to 32');
    expect((await refused('routes summary tokyo-er 10.20.0/16')).error!.message).toContain('four numbers');
  });

  it('checks integers and their bounds, and keywords without a value', async () => {
    expect((await prepared('latency compare vm-a vm-b n 20 from agent-a')).args).toEqual({ a: 'vm-a', b: 'vm-b', n: 20, from: 'agent-a' });
    expect((await prepared('latency compare vm-a vm-b')).args.n).toBe(10);
    expect((await refused('latency compare vm-a vm-b n 500')).error!.message).toContain('between 1 and 100, not 500');
    expect((await refused('latency compare vm-a vm-b n twenty')).error!.message).toContain('whole number, not “twenty”');
    expect((await refused('latency compare vm-a vm-b n')).error!.message).toContain('“n” needs a count after it');
    expect((await refused('arp table tokyo-er page 0')).error!.message).toContain('at least 1');
  });

  it('names the unexpected extra token, and says what an enum accepts', async () => {
    const extra = await refused('bgp status tokyo-er osaka-er');
    expect(extra.error!.code).toBe('bad-argument');
    expect(extra.error!.message).toContain('Unexpected “osaka-er”');
    expect(extra.error!.message).toContain('Usage: bgp status <circuit> [private|microsoft]');
    expect((await refused('arp table tokyo-er tertiary')).error!.message).toContain('The path can be one of primary, secondary, both.');
    expect((await refused('arp table tokyo-er page x')).error!.message).toContain('The page must be a whole number');
  });

  it('asks for a missing required value with the usage and the first example', async () => {
    const r = await refused('bgp status');
    expect(r.command).toBe('bgp status');
    expect(r.error!.code).toBe('missing-argument');
    expect(r.error!.message).toContain('bgp status needs a circuit');
    expect(r.error!.message).toContain('for example “bgp status tokyo-er”');
  });

  it('takes the rest of the line as typed, after leading keywords', async () => {
    const p = await prepared('psping parse from agent-a TCP connect to 10.0.0.4:443\n  from x  n 5');
    expect(p.args).toEqual({ from: 'agent-a', log: 'TCP connect to 10.0.0.4:443\n  from x  n 5' });
    expect(p.needsAck).toBe(false);
  });

  it('uses spec.working, or a generic localized text', async () => {
    expect((await prepared('bgp status tokyo-er')).working).toBe('Reading BGP of tokyo-er (circuit)');
    expect((await prepared('arp table tokyo-er')).working).toBe('Running arp table…');
    expect((await prepared('arp table tokyo-er', createMemory(), makeContext(FAKE_SPECS, 'ja'))).working).toBe('arp table を実行しています…');
  });
});

describe('prepareCommand: what is not a command', () => {
  it('empty input', async () => {
    for (const text of ['', '   ', '<p></p>', '&nbsp;', '\u200B']) expect((await refused(text)).error!.code).toBe('empty');
  });

  it('too long input', async () => {
    const r = await refused(`bgp status ${'x'.repeat(20_000)}`);
    expect(r.error!.code).toBe('too-long');
    expect(r.error!.message).toContain('at most 10000');
    expect((await refused(`no such command ${'x'.repeat(20_000)}`)).error!.code).toBe('too-long');
  });

  it('a command that declares a larger bound (pasted logs) takes more, up to its bound', async () => {
    const ctx = makeContext(FAKE_SPECS.map((s) => (s.name === 'latency compare' ? { ...s, maxInputChars: 50_000 } : s)));
    const ok = await prepareCommand(`latency compare a ${'x'.repeat(20_000)}`, ctx, createMemory());
    expect(ok.ok).toBe(true);
    const over = await prepareCommand(`latency compare a ${'x'.repeat(60_000)}`, ctx, createMemory());
    expect(over.ok).toBe(false);
    expect(!over.ok && over.result.error).toMatchObject({ code: 'too-long', message: expect.stringContaining('at most 50000') });
    // Every other command keeps the ordinary bound.
    expect((await prepareCommand(`bgp status ${'x'.repeat(20_000)}`, ctx, createMemory())).ok).toBe(false);
  });

  it('unknown commands get suggestions and buttons that keep the arguments', async () => {
    const r = await refused('arp tabel tokyo-er secondary');
    expect(r.error).toMatchObject({ code: 'unknown-command', suggestions: ['arp table'] });
    expect(r.error!.message).toBe('I don\'t know the command “arp tabel”. Did you mean arp table?');
    expect(r.followUps[0]).toEqual({ title: 'arp table tokyo-er secondary', command: 'arp table tokyo-er secondary' });
  });

  it('a typo after a short alias is an unknown command, not a circuit called "stauts"', async () => {
    const r = await refused('bgp stauts tokyo-er');
    expect(r.error).toMatchObject({ code: 'unknown-command', suggestions: ['bgp status'] });
    expect(r.followUps).toEqual([{ title: 'bgp status tokyo-er', command: 'bgp status tokyo-er' }]);
    // Quoting says "this is a name".
    expect((await prepared('bgp "stauts"')).args.circuit).toBe('stauts');
  });

  it('nothing close: no suggestions, a pointer to help', async () => {
    const r = await refused('xyzzy plugh');
    expect(r.error!.suggestions).toEqual([]);
    expect(r.error!.message).toContain('Type “help”');
  });
});

describe('conversation memory', () => {
  it('assumes the remembered circuit, says so, and writes it into the request', async () => {
    const memory = createMemory();
    const first = await runCommand('bgp status tokyo-er microsoft', ctx, memory);
    expect(first.ok).toBe(true);
    const p = await prepared('arp table secondary', memory);
    expect(p.args.circuit).toBe('tokyo-er');
    expect(p.args.peering).toBe('MicrosoftPeering');
    expect(p.notes).toEqual(['Assumed circuit tokyo-er from this conversation', 'Assumed peering microsoft from this conversation']);
    expect(p.request).toBe('arp table tokyo-er microsoft secondary');
    const result = await executeCommand(p, ctx, memory);
    expect(result.notes).toEqual(p.notes);
  });

  it('keeps a remembered peering with its circuit: another circuit gets its default peering', async () => {
    const memory = createMemory();
    await runCommand('bgp status tokyo-er microsoft', ctx, memory);
    const other = await prepared('arp table osaka-er secondary', memory);
    expect(other.args.peering).toBe('AzurePrivatePeering');
    expect(other.notes).toEqual([]);
    expect(other.request).toBe('arp table osaka-er secondary');
    // The same circuit named again still means the peering chosen for it.
    const same = await prepared('arp table tokyo-er secondary', memory);
    expect(same.args.peering).toBe('MicrosoftPeering');
    expect(same.notes).toEqual(['Assumed peering microsoft from this conversation']);
  });

  it('is per conversation, and localized', async () => {
    const memory = createMemory();
    await runCommand('bgp status tokyo-er', ctx, memory);
    expect((await refused('arp table', memory, makeContext(FAKE_SPECS, 'en', 'conv-2'))).error!.code).toBe('missing-argument');
    expect((await prepared('arp table', memory, makeContext(FAKE_SPECS, 'ja'))).notes).toEqual(['この会話で使われた回線 tokyo-er を対象にしました']);
  });

  it('remembers only after a successful run', async () => {
    const memory = createMemory();
    failing.next = new AzureError('not-found', 'no', { resourceType: 'circuit', name: 'tokio-er' });
    const r = await runCommand('boom tokio-er', ctx, memory);
    expect(r.ok).toBe(false);
    expect(await memory.recall(ctx.conversationId)).toEqual({});
  });

  it('is set when the command is accepted, before it finishes; a failure other than not-found keeps it', async () => {
    const memory = createMemory();
    let finish!: () => void;
    const running = new Promise<void>((r) => (finish = r));
    const slow: CommandSpec = {
      ...FAKE_SPECS.find((s) => s.name === 'bgp status')!,
      run: async () => {
        await running;
        return newResult('bgp status', { ok: false, error: { code: 'throttled', message: 'Azure is throttling' }, target: 'osaka-er' });
      },
    };
    const c = makeContext([slow, ...FAKE_SPECS.filter((s) => s.name !== 'bgp status')]);
    const first = executeCommand(await prepared('bgp status osaka-er', memory, c), c, memory);
    await new Promise((r) => setTimeout(r, 10));
    expect((await prepared('arp table secondary', memory, c)).args.circuit).toBe('osaka-er');
    finish();
    expect((await first).ok).toBe(false);
    expect(await memory.recall(c.conversationId)).toMatchObject({ circuit: 'osaka-er' });
  });

  it('reverts only what the failed command set: a newer command’s context stays', async () => {
    const memory = createMemory();
    await memory.remember('c', { circuit: 'tokyo-er', peering: 'AzurePrivatePeering' });
    await memory.remember('c', { circuit: 'tokio-er', peering: 'MicrosoftPeering' });
    await memory.remember('c', { peering: 'AzurePrivatePeering' }); // a newer command, meanwhile
    await memory.revert('c', { circuit: 'tokio-er', peering: 'MicrosoftPeering' }, { circuit: 'tokyo-er' });
    expect(await memory.recall('c')).toEqual({ circuit: 'tokyo-er', peering: 'AzurePrivatePeering' });
    await memory.revert('c', { circuit: 'tokyo-er' }, {});
    expect(await memory.recall('c')).toEqual({ peering: 'AzurePrivatePeering' });
  });

  it('is bounded (least recently used conversations are forgotten)', async () => {
    const memory = createMemory({ maxConversations: 2 });
    await memory.remember('a', { circuit: 'x' });
    await memory.remember('b', { circuit: 'y' });
    await memory.recall('a');
    await memory.remember('c', { circuit: 'z' });
    expect(await memory.recall('b')).toEqual({});
    expect(await memory.recall('a')).toEqual({ circuit: 'x' });
  });

  it('keeps user text out of i18n interpolation: a name like {{what}} is shown as is', async () => {
    const memory = createMemory();
    await runCommand('bgp status "{{what}} $t(common:retry)"', ctx, memory);
    expect((await prepared('arp table', memory)).notes[0]).toBe('Assumed circuit {{what}} $t(common:retry) from this conversation');
  });
});

describe('executeCommand', () => {
  it('fills in request, page, simulated and generatedAt', async () => {
    const before = Date.now();
    const r = await executeCommand(await prepared('arp table tokyo-er page 3'), ctx, createMemory());
    expect(r).toMatchObject({ ok: true, command: 'arp table', request: 'arp table tokyo-er page 3', page: 3, simulated: true, target: 'tokyo-er' });
    expect(Date.parse(r.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('does not mark probe results simulated because Azure is the demo emulator (agents measure for real)', async () => {
    const r = await executeCommand(await prepared('latency compare vm-a vm-b'), ctx, createMemory());
    expect(r.ok).toBe(true);
    expect(r.simulated).toBe(false);
  });

  it('turns AzureError not-found into its kind, a localized message and suggestion buttons', async () => {
    failing.next = new AzureError('not-found', 'circuit tokio-er not found', { resourceType: 'circuit', name: 'tokio-er', suggestions: ['tokyo-er'] });
    const r = await runCommand('boom tokio-er', ctx, createMemory());
    expect(r.ok).toBe(false);
    expect(r.error).toEqual({
      code: 'not-found',
      message: 'No circuit named “tokio-er” in the configured subscriptions. Did you mean tokyo-er?',
      suggestions: ['tokyo-er'],
    });
    expect(r.followUps).toEqual([
      { title: 'boom tokyo-er', command: 'boom tokyo-er' },
      { title: 'List circuits', command: 'circuits' },
    ]);
    expect(r.request).toBe('boom tokio-er');
    expect(r.target).toBe('tokio-er');
  });

  it('forbidden names the missing permission and says retrying will not help', async () => {
    const perm = 'Microsoft.Network/expressRouteCircuits/peerings/arpTables/action';
    failing.next = new AzureError('forbidden', '403', { resourceType: 'circuit', name: 'tokyo-er', missingPermission: perm });
    const r = await runCommand('boom tokyo-er', ctx, createMemory());
    expect(r.error).toMatchObject({ code: 'forbidden', missingPermission: perm, retryable: false });
    expect(r.error!.message).toBe(`Azure refused access: the bot's identity lacks permission ${perm} on circuit tokyo-er. Ask a subscription owner to grant it; retrying will not help until then.`);
  });

  it('throttled says when to retry, and offers a retry button', async () => {
    failing.next = new AzureError('throttled', '429', { retryAfterMs: 11_200 });
    const r = await runCommand('boom tokyo-er', ctx, createMemory());
    expect(r.error).toMatchObject({ code: 'throttled', retryable: true, message: 'Azure is throttling requests; try again in 12 s.' });
    expect(r.followUps).toEqual([{ title: 'Retry', command: 'boom tokyo-er' }]);
  });

  it.each([
    ['timeout', /Retrying may help/],
    ['azure-failure', /Retrying in a minute may help/],
    ['unreachable', /https:\/\/127\.0\.0\.1:8443.*Retrying may help/],
    ['credential', /Retrying will not help/],
    ['bad-request', /Retrying will not help/],
    ['ambiguous', /matches several/],
  ] as const)('%s has its own message', async (kind, text) => {
    failing.next = new AzureError(kind, 'x', { resourceType: 'circuit', name: 'tok', suggestions: ['tokyo-er', 'tokyo-er2'] });
    const r = await runCommand('boom tok', ctx, createMemory());
    expect(r.error!.code).toBe(kind);
    expect(r.error!.message).toMatch(text);
  });

  it('hides anything else behind a generic internal error and logs it', async () => {
    const events: EngineLogEvent[] = [];
    setEngineLogger((e) => events.push(e));
    const secret = new Error('ECONNRESET at /srv/secret/path.ts:42 token=abc');
    failing.next = secret;
    const r = await runCommand('boom tokyo-er', ctx, createMemory());
    expect(r.error).toEqual({ code: 'internal', message: expect.stringContaining('Something went wrong'), retryable: false });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(events).toEqual([expect.objectContaining({ level: 'error', command: 'boom', error: secret })]);
  });

  it('never rejects: a command returning garbage or throwing a non-Error still answers', async () => {
    setEngineLogger(() => {});
    failing.next = 'a string';
    await expect(runCommand('boom', ctx, createMemory())).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    const weird = { ...FAKE_SPECS[0]!, name: 'weird', id: 'weird', aliases: [], params: [], run: async () => 42 as never };
    await expect(runCommand('weird', makeContext([weird]), createMemory())).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('maps an abort (time budget, shutdown) to a retryable timeout', async () => {
    failing.next = new DOMException('aborted', 'AbortError');
    const r = await runCommand('boom tokyo-er', ctx, createMemory());
    expect(r.error).toMatchObject({ code: 'timeout', retryable: true });
  });
});

describe('page N on every command', () => {
  it('is accepted even when the spec declares no page param, so pagination buttons always work', async () => {
    const p = await prepared('latency compare vm-a vm-b page 4');
    expect(p.args.page).toBe(4);
    expect(p.request).toBe('latency compare vm-a vm-b page 4');
    const r = await executeCommand(p, ctx, createMemory());
    expect(r.page).toBe(4);
    // Not followed by a number, "page" is an ordinary word.
    expect((await prepared('bgp status page')).args.circuit).toBe('page');
    expect((await refused('latency compare vm-a vm-b page 0')).error!.message).toContain('at least 1');
  });
});

describe('when the shared state store fails', () => {
  const down = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { code: 'ECONNREFUSED' }));
  const sensitive: CommandSpec = {
    name: 'reveal thing',
    id: 'reveal-thing',
    aliases: [],
    params: [],
    examples: ['reveal thing'],
    sideEffects: false,
    sensitive: true,
    requires: 'operator',
    calls: 'none',
    run: async () => newResult('reveal thing', { tables: [{ title: 'secret', columns: ['v'], rows: [['revealed-42']] }] }),
  };

  it('a command runs without its context when the context cannot be read, and asks for what is missing', async () => {
    const logged: EngineLogEvent[] = [];
    setEngineLogger((e) => logged.push(e));
    const unreadable = { recall: down, remember: down } as unknown as ConversationMemory;
    expect((await prepared('arp table tokyo-er secondary', unreadable)).args.circuit).toBe('tokyo-er');
    expect((await refused('arp table secondary', unreadable)).error!.code).toBe('missing-argument');
    expect(logged.some((e) => e.msg === 'memory.recall failed' && e.level === 'warn')).toBe(true);
  });

  it('nothing that needs a confirmation runs when the proposals cannot be read or written', async () => {
    const logged: EngineLogEvent[] = [];
    setEngineLogger((e) => logged.push(e));
    const c: CommandContext = { ...makeContext([sensitive]), role: 'operator', conversationType: 'personal', confirmations: { ttlMs: 120_000, propose: down, consume: down } };
    for (const text of ['reveal thing', 'reveal thing confirm abcdef']) {
      const r = await runCommand(text, c, createMemory());
      expect(r.ok).toBe(false);
      expect(r.error).toMatchObject({ code: 'state-unavailable', retryable: true });
      expect(r.error!.message).toMatch(/could not reach its shared state store.*Nothing was run/);
      expect(JSON.stringify(r)).not.toContain('revealed-42');
      expect(r.followUps.map((f) => f.command)).toEqual(['reveal thing']);
    }
    expect(logged.filter((e) => e.msg === 'confirmation store failed')).toHaveLength(2);
  });
});
