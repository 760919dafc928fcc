import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterRoutes } from '../../src/commands/routes.ts';
import { parseCidr } from '../../src/net/ip.ts';
import { renderResultCard } from '../../src/render/card.ts';
import { translator } from '../../src/i18n/index.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { type Demo, ruleSequence, startDemo } from '../helpers/demo.ts';

const route = (network: string) => ({ network, nextHop: '192.168.10.1', path: '65010', weight: 0 });
const table = ['0.0.0.0/0', '10.0.0.0/8', '10.20.0.0/16', '10.20.1.0/24', '10.21.0.0/16', '172.16.0.0/12'].map(route);

describe('filterRoutes', () => {
  it('keeps the routes inside a prefix', () => {
    expect(filterRoutes(table, parseCidr('10.20.0.0/16')).map((r) => r.network)).toEqual(['10.20.0.0/16', '10.20.1.0/24']);
  });

  it('for an address, keeps the routes covering it, most specific first', () => {
    expect(filterRoutes(table, parseCidr('10.20.1.7/32')).map((r) => r.network)).toEqual(['10.20.1.0/24', '10.20.0.0/16', '10.0.0.0/8', '0.0.0.0/0']);
  });

  it('keeps everything without a filter and nothing outside it', () => {
    expect(filterRoutes(table, undefined)).toHaveLength(table.length);
    expect(filterRoutes(table, parseCidr('192.168.0.0/16'))).toEqual([]);
  });
});

describe('routes command on the demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => demo.close());

  it('filters by prefix and says how many of how many matched', async () => {
    const r = await demo.run('routes tokyo-er 10.1.0.0/22');
    expect(r.ok).toBe(true);
    expect(r.tables[0]!.rows.map((row) => row[0])).toEqual(['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24']);
    expect(r.tables[0]!.note).toBe('4 of 42 routes match 10.1.0.0/22.');
    expect(r.followUps.map((f) => f.command)).toContain('routes tokyo-er secondary 10.1.0.0/22');
  });

  it('flags a default route learned from on-premises', async () => {
    const r = await demo.run('routes chicago-er 8.8.8.8');
    expect(ruleSequence(r)).toEqual(['ER-DEFAULT-ROUTE-LEARNED']);
    expect(r.tables[0]!.rows.map((row) => row[0])).toContain('0.0.0.0/0');
  });

  it('pages 3,600 routes within the card budget, with buttons that run the next page', async () => {
    const r = await demo.run('routes frankfurt-er');
    expect(r.tables[0]!.rows).toHaveLength(3600);
    const page1 = renderResultCard(r, translator('en'));
    expectValidCard(page1.card);
    const json = JSON.stringify(page1.card);
    expect(json).toContain('routes frankfurt-er page 2');
    const r2 = await demo.run('routes frankfurt-er page 2');
    expect(r2.page).toBe(2);
    const page2 = renderResultCard(r2, translator('en'));
    expect(JSON.stringify(page2.card)).toContain('routes frankfurt-er page 3');
    expect(JSON.stringify(page2.card)).not.toBe(json);
  });

  it('refuses a malformed prefix with what was expected', async () => {
    const r = await demo.run('routes tokyo-er 10.300.0.0/16');
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('bad-argument');
    expect(r.error!.message).toMatch(/10\.300\.0\.0\/16/);
  });
});
