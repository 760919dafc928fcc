/**
 * A name that is not there, for every command that takes one, on the demo world through the real engine: the
 * closest names, each as a button that runs the same command with it (and that button works), a button that
 * lists what there is, even when nothing is close, and no "retrying will not help" (a wrong name is not a broken
 * Azure). The latency commands' agent and baseline names are checked in test/commands/latency/latency.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderResultCard } from '../../src/render/card.ts';
import { renderText } from '../../src/render/text.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { type Demo, startDemo } from '../helpers/demo.ts';
import { findAll, texts } from '../render/walk.ts';

const en = translator('en');
const ja = translator('ja');

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo.close());

interface Case {
  /** The command with a typo of a demo name. */
  typo: string;
  /** The demo name the typo is close to, and the command its button runs. */
  suggestion: string;
  fixed: string;
  /** The same command with a name far from every demo name. */
  far: string;
  /** The list buttons (commands) every not-found answer of this command carries. */
  lists: string[];
  /** What the error calls the resource, in English. */
  type: string;
}

const CIRCUIT = { lists: ['circuits'], type: 'circuit' };
const VM = { lists: ['vms'], type: 'VM' };
const CASES: Case[] = [
  { typo: 'bgp status tokio-er', suggestion: 'tokyo-er', fixed: 'bgp status tokyo-er', far: 'bgp status nowhere', ...CIRCUIT },
  { typo: 'arp table tokio-er secondary', suggestion: 'tokyo-er', fixed: 'arp table tokyo-er secondary', far: 'arp table nowhere', ...CIRCUIT },
  { typo: 'routes londn-er 10.1.0.0/22', suggestion: 'london-er', fixed: 'routes london-er 10.1.0.0/22', far: 'routes nowhere', ...CIRCUIT },
  { typo: 'routes summary tokio-er', suggestion: 'tokyo-er', fixed: 'routes summary tokyo-er', far: 'routes summary nowhere', ...CIRCUIT },
  { typo: 'circuit osaca-er', suggestion: 'osaka-er', fixed: 'circuit osaka-er', far: 'circuit nowhere', ...CIRCUIT },
  { typo: 'gateway hub-ergx', suggestion: 'hub-ergw', fixed: 'gateway hub-ergw', far: 'gateway nowhere', lists: ['gateways'], type: 'gateway' },
  {
    typo: 'fastpath hub-connn',
    suggestion: 'hub-conn',
    fixed: 'fastpath hub-conn',
    far: 'fastpath nowhere',
    lists: ['gateways', 'circuits'],
    type: 'connection, gateway or circuit',
  },
  { typo: 'check vm-hub-tset 192.168.10.1:179', suggestion: 'vm-hub-test', fixed: 'check vm-hub-test 192.168.10.1:179', far: 'check nowhere 192.168.10.1:179', ...VM },
  {
    typo: 'flow vm-nsgg out tcp 10.0.1.5:50000 192.168.10.1:179',
    suggestion: 'vm-nsg',
    fixed: 'flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179',
    far: 'flow nowhere out tcp 10.0.1.5:50000 192.168.10.1:179',
    ...VM,
  },
  { typo: 'nexthop vm-udrr 192.168.10.1', suggestion: 'vm-udr', fixed: 'nexthop vm-udr 192.168.10.1', far: 'nexthop nowhere 192.168.10.1', ...VM },
  { typo: 'effective routes vm-udrr', suggestion: 'vm-udr', fixed: 'effective routes vm-udr', far: 'effective routes nowhere', ...VM },
  { typo: 'effective nsg vm-nsgg', suggestion: 'vm-nsg', fixed: 'effective nsg vm-nsg', far: 'effective nsg nowhere', ...VM },
];

/** The answer's card (checked valid) and what it says, as the card and the CLI show it. */
function shown(r: Result, t = en): { all: string; buttons: string[] } {
  const { card } = renderResultCard(r, t);
  expectValidCard(card);
  const buttons = findAll(card, (n) => n.type === 'Action.Execute').map((a) => String((a.data as { command: string }).command));
  return { all: [...texts(card), renderText(r, t)].join('\n'), buttons };
}

describe.each(CASES)('$typo', (c) => {
  it('a close name: suggested, with a button that runs the same command with it, and the list', async () => {
    const r = await demo.run(c.typo);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', suggestions: expect.arrayContaining([c.suggestion]) } });
    expect(r.error!.message).toContain(`Did you mean ${c.suggestion}`);
    expect(r.error!.retryable).toBeUndefined();
    const commands = r.followUps.map((f) => f.command);
    expect(commands[0]).toBe(c.fixed);
    expect(commands.slice(-c.lists.length)).toEqual(c.lists);
    const { all, buttons } = shown(r);
    expect(buttons).toEqual(expect.arrayContaining([c.fixed, ...c.lists]));
    expect(all).not.toMatch(/retry/i);
    // The suggestion's button works: the name is found this time.
    const fixed = await demo.run(c.fixed);
    expect(fixed.error?.code, `${c.fixed}: ${fixed.error?.message}`).not.toBe('not-found');
  });

  it('a name far from every other: no suggestion, but the list button, the list command named, no retry wording', async () => {
    const r = await demo.run(c.far);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(r.error!.suggestions ?? []).toEqual([]);
    expect(r.error!.retryable).toBeUndefined();
    expect(r.error!.message).toBe(`No ${c.type} named “nowhere” in the configured subscriptions. No name is close to it; “${c.lists[0]}” lists them.`);
    expect(r.followUps.map((f) => f.command)).toEqual(c.lists);
    const { all, buttons } = shown(r);
    expect(buttons).toEqual(c.lists);
    expect(all).not.toMatch(/retry/i);
  });
});

describe('the list buttons', () => {
  it('are labelled, in English and Japanese', async () => {
    const r = await demo.run('arp table nowhere');
    expect(r.followUps).toEqual([{ title: 'List circuits', command: 'circuits' }]);
    const ja1 = await demo.run('fastpath nowhere', { locale: 'ja' });
    expect(ja1.followUps).toEqual([
      { title: 'ゲートウェイ一覧', command: 'gateways' },
      { title: '回線一覧', command: 'circuits' },
    ]);
    expect(ja1.error!.message).toBe('構成されたサブスクリプションに「nowhere」という接続、ゲートウェイ、または回線はありません。 近い名前はありません。「gateways」で一覧を表示できます。');
    expect(shown(ja1, ja).all).not.toMatch(/再試行/);
    const vm = await demo.run('effective nsg nowhere', { locale: 'ja' });
    expect(vm.followUps).toEqual([{ title: 'VM 一覧', command: 'vms' }]);
  });

  it('run commands that list the names each command takes', async () => {
    const gateways = await demo.run('gateways');
    expect(gateways.ok).toBe(true);
    const names = (r: Result) => r.tables[0]!.rows.map((row) => row[0]!.split('\n')[0]);
    expect(names(gateways)).toEqual(expect.arrayContaining(['hub-ergw', 'spoke-ergw', 'scale-ergw', 'dr-ergw']));
    // fastpath takes a connection's name too: the gateways list shows them, with the circuit behind each.
    expect(gateways.tables[0]!.rows.find((row) => row[0]!.startsWith('hub-ergw\n'))![2]).toContain('hub-conn → tokyo-er');
    expect(gateways.tables[0]!.rowActions).toContainEqual({ title: '▸ gateway', command: 'gateway hub-ergw' });
    expectValidCard(renderResultCard(gateways, en).card);
    expect(names(await demo.run('gateways hub-conn'))).toEqual(['hub-ergw']);

    const vms = await demo.run('vms');
    expect(vms.ok).toBe(true);
    expect(names(vms)).toEqual(['vm-a', 'vm-b', 'vm-flaky', 'vm-hub-test', 'vm-noagent', 'vm-noroute', 'vm-nsg', 'vm-udr', 'vm-weu']);
    expect(vms.tables[0]!.rows.find((row) => row[0]!.startsWith('vm-hub-test\n'))![1]).toMatch(/^vm-hub-test-nic \(10\.\d+\.\d+\.\d+\)/);
    expectValidCard(renderResultCard(vms, ja).card);
    const none = await demo.run('vms nowhere');
    expect(none.notes).toEqual(['No VM or network interface name contains “nowhere”.']);
  });
});

describe('ambiguous names', () => {
  it('offer each match and the list, without retry wording', async () => {
    const r = await demo.run('bgp status tokyo-e');
    expect(r).toMatchObject({ ok: false, error: { code: 'ambiguous', suggestions: ['tokyo-er', 'tokyo-er-dr'] } });
    expect(r.error!.retryable).toBeUndefined();
    expect(r.followUps.map((f) => f.command)).toEqual(['bgp status tokyo-er', 'bgp status tokyo-er-dr', 'circuits']);
  });
});

describe('service key: a sensitive read, proposed before the name is looked up', () => {
  it('the confirmed request gets the suggestion and the list, as any other', async () => {
    const r = await demo.run('service key tokio-er', { role: 'operator', conversationType: 'personal' });
    // Proposed first (a sensitive read); the name is looked up when it is confirmed.
    const confirm = r.followUps[0]!.command;
    const confirmed = await demo.run(confirm, { role: 'operator', conversationType: 'personal' });
    expect(confirmed).toMatchObject({ ok: false, error: { code: 'not-found', suggestions: ['tokyo-er'] } });
    expect(confirmed.followUps.map((f) => f.command)).toEqual(['service key tokyo-er', 'circuits']);
  });
});
