/**
 * `circuits` on the demo world: the provisioning states labelled for what they are, a health column that only
 * says what the circuit list can tell (by bgp status' own rules), and a one-click `bgp status` on every row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configHealth } from '../../src/commands/circuits.ts';
import type { Result } from '../../src/commands/result.ts';
import { RULE_LAYER } from '../../src/diagnosis/expressroute.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderResultCard, RUN_VERB } from '../../src/render/card.ts';
import { renderText } from '../../src/render/text.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { type Demo, startDemo } from '../helpers/demo.ts';
import { findAll, tables } from '../render/walk.ts';

const en = translator('en');
const ja = translator('ja');

let demo: Demo;
let list: Result;
beforeAll(async () => {
  demo = await startDemo();
  list = await demo.run('circuits');
});
afterAll(async () => demo.close());

const rowOf = (r: Result, name: string) => r.tables[0]!.rows.find((row) => row[0]!.split('\n')[0] === name)!;
const healthOf = (r: Result, name: string) => rowOf(r, name)[3]!;

/** Every clickable container of a card: the command its selectAction runs, and the texts it holds. */
function tappable(card: Record<string, unknown>): { command: string; verb: string; text: string }[] {
  return findAll(card.body, (n) => n.type === 'Container' && typeof n.selectAction === 'object').map((c) => {
    const a = c.selectAction as { type: string; verb: string; data: { command: string } };
    expect(a.type).toBe('Action.Execute');
    return { command: a.data.command, verb: a.verb, text: findAll(c.items, (n) => n.type === 'TextRun').map((r) => String(r.text)).join('\n') };
  });
}

describe('circuits: columns that say what they are', () => {
  it('labels the provisioning states and never shows a tick that reads as health', () => {
    expect(list.ok).toBe(true);
    const table = list.tables[0]!;
    expect(table.columns).toEqual(['Circuit', 'Bandwidth · SKU', 'Provisioning', 'Health (config)']);
    expect(table.rows).toHaveLength(18);
    expect(rowOf(list, 'tokyo-er')[2]).toBe('Provider: Provisioned\nCircuit: Enabled');
    expect(rowOf(list, 'osaka-er')[2]).toBe('Provider: NotProvisioned\nCircuit: Enabled');
    const all = JSON.stringify(table.rows);
    expect(all).not.toContain('✔');
    expect(all).not.toMatch(/\bReady\b|\bHealthy\b/);
    expect(table.note).toMatch(/ARP and BGP are not read here/);
  });

  it('health: the configuration problems bgp status opens with, and “not judged” for the rest', () => {
    expect(healthOf(list, 'osaka-er')).toBe('⛔ Provider has not provisioned the circuit');
    expect(healthOf(list, 'mumbai-er')).toBe('⛔ Circuit is disabled (Disabled)');
    expect(healthOf(list, 'singapore-er')).toBe('⛔ AzurePrivatePeering is disabled');
    expect(healthOf(list, 'dallas-er')).toBe('⛔ Peer ASN 65515 is reserved');
    // london-er's BGP is down on both paths, but only bgp status can see that: not judged, never fine.
    for (const name of ['tokyo-er', 'london-er', 'hongkong-er']) expect(healthOf(list, name)).toBe('Not judged: config fine, ARP and BGP not read');
    expect(list.data.configProblems).toEqual(['dallas-er', 'mumbai-er', 'osaka-er', 'singapore-er']);
  });

  it('agrees with bgp status on every demo circuit: a configuration verdict is shown, anything else is not judged', async () => {
    const names = list.tables[0]!.rows.map((row) => row[0]!.split('\n')[0]!);
    for (const name of names) {
      const bgp = await demo.run(`bgp status ${name}`);
      expect(bgp.ok, name).toBe(true);
      const first = bgp.verdicts[0]!;
      const configLayer = RULE_LAYER[first.ruleId] === 'circuit' || RULE_LAYER[first.ruleId] === 'peering';
      if (configLayer) expect(healthOf(list, name), name).toContain(first.title);
      else expect(healthOf(list, name), `${name}: ${first.ruleId}`).toMatch(/^Not judged/);
    }
  });
});

describe('circuits: one click to bgp status on every row', () => {
  it('gives each row its bgp status command, and that command diagnoses the circuit', async () => {
    const table = list.tables[0]!;
    expect(table.rowActions).toHaveLength(table.rows.length);
    table.rows.forEach((row, i) => expect(table.rowActions![i]).toEqual({ title: '▸ bgp status', command: `bgp status ${row[0]!.split('\n')[0]}` }));
    const osaka = table.rowActions![table.rows.indexOf(rowOf(list, 'osaka-er'))]!;
    const r = await demo.run(osaka.command);
    expect(r.verdicts[0]!.ruleId).toBe('ER-PROVIDER-NOT-PROVISIONED');
  });

  it('the card makes each row’s last cell run it (Action.Execute, the buttons’ verb), and adds no buttons', () => {
    const { card } = renderResultCard(list, en);
    expectValidCard(card);
    const taps = tappable(card);
    expect(taps.map((x) => x.command)).toEqual(list.tables[0]!.rowActions!.map((a) => a!.command));
    for (const x of taps) expect(x.verb).toBe(RUN_VERB);
    // The renderer may fold columns into a last "More" cell on narrow cards: the health is in the tapped cell
    // either way, with the action's title under it.
    const osaka = taps.find((x) => x.command === 'bgp status osaka-er')!;
    expect(osaka.text).toContain('⛔ Provider has not provisioned the circuit');
    expect(osaka.text.endsWith('\n▸ bgp status')).toBe(true);
    const row = tables(card)[0]!.rows.find((cells) => cells[0]!.startsWith('osaka-er\n'))!;
    expect(row.join('\n')).toMatch(/Provider: NotProvisioned[\s/]+Circuit: Enabled/);
    expect(row.at(-1)).toBe(osaka.text);
    expect(JSON.stringify(card)).not.toContain('✔');
    expect(JSON.stringify(card.actions ?? [])).not.toContain('bgp status');
  });

  it('in Japanese', async () => {
    const r = await demo.run('circuits', { locale: 'ja' });
    expect(r.tables[0]!.columns).toEqual(['回線', '帯域幅 · SKU', 'プロビジョニング', '健全性 (構成)']);
    expect(healthOf(r, 'tokyo-er')).toMatch(/^未判定/);
    expect(healthOf(r, 'osaka-er')).toMatch(/^⛔ /);
    const { card } = renderResultCard(r, ja);
    expectValidCard(card);
    expect(tappable(card).find((x) => x.command === 'bgp status tokyo-er')!.text).toMatch(/▸ bgp status で診断$/);
  });

  it('the text output keeps the health column and leaves the row actions out', () => {
    const text = renderText(list, en);
    expect(text).toContain('Health (config)');
    expect(text).not.toContain('▸ bgp status\n');
  });
});

describe('configHealth without peerings in the list', () => {
  it('still judges the provisioning states, and says the peerings were not read', () => {
    const base = { id: '/x', name: 'x-er', subscriptionId: 's', resourceGroup: 'rg', location: 'japaneast', isDirect: false };
    const fine = configHealth({ ...base, serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Enabled' }, en);
    expect(fine).toMatchObject({ status: 'not-judged', peeringsJudged: false, verdicts: [] });
    const off = configHealth({ ...base, serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Disabled' }, en);
    expect(off.status).toBe('problem');
    expect(off.verdicts.map((v) => v.ruleId)).toEqual(['ER-CIRCUIT-DISABLED']);
  });

  it('judges every peering the circuit has, once per problem', () => {
    const base = { id: '/x', name: 'x-er', subscriptionId: 's', resourceGroup: 'rg', location: 'japaneast', isDirect: false, serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Enabled' };
    const p = (name: string, over = {}) => ({ name, peeringType: name, state: 'Enabled', peerASN: 65010, sharedKeySet: false, ...over });
    const h = configHealth({ ...base, peerings: [p('AzurePrivatePeering'), p('MicrosoftPeering', { state: 'Disabled' })] }, en);
    expect(h.verdicts.map((v) => `${v.ruleId}@${v.scope}`)).toEqual(['ER-PEERING-DISABLED@MicrosoftPeering']);
    expect(configHealth({ ...base, peerings: [] }, en).verdicts.map((v) => v.ruleId)).toEqual(['ER-PEERING-MISSING']);
  });
});
