import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../helpers/demo.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo.close());

describe('fastpath', () => {
  it.each([
    ['hub-conn', 'connection', 'FP-ENABLED'],
    ['hub-ergw', 'gateway', 'FP-ENABLED'],
    ['spoke-ergw', 'gateway', 'FP-SKU-INELIGIBLE'],
    ['tokyo-er-dr', 'circuit', 'FP-AVAILABLE'],
    ['scale-conn', 'connection', 'FP-SKU-INELIGIBLE'],
    ['spoke-fp-conn', 'connection', 'FP-SKU-INELIGIBLE'],
  ])('%s (a %s) -> %s', async (name, kind, rule) => {
    const r = await demo.run(`fastpath ${name}`);
    expect(r.ok).toBe(true);
    expect(r.data.targetKind).toBe(kind);
    expect(r.verdicts[0]!.ruleId).toBe(rule);
    expect(r.tables[0]!.rows.length).toBeGreaterThan(0);
  });

  it('says which SKUs can use FastPath when this one cannot, and what ErGwScale needs', async () => {
    const standard = (await demo.run('fastpath spoke-conn')).verdicts[0]!;
    const text = (v: typeof standard) => [v.title, v.detail, ...v.evidence, ...v.nextSteps].join(' ');
    expect(text(standard)).toMatch(/UltraPerformance/);
    expect(text(standard)).toMatch(/ErGw3AZ/);
    const scale = (await demo.run('fastpath scale-conn')).verdicts[0]!;
    expect(text(scale)).toMatch(/10 scale units/);
    expect(scale.evidence.join(' ')).toMatch(/min 2/);
  });

  it('says so when FastPath is set on a gateway that cannot use it', async () => {
    const v = (await demo.run('fastpath spoke-fp-conn')).verdicts[0]!;
    expect(v.title).toBe('FastPath set, but Standard cannot use it');
    expect(v.detail).toMatch(/FastPath is on for spoke-fp-conn, but Standard does not support it: traffic still goes through the gateway/);
  });

  it('offers no button that would only run the same command again', async () => {
    const r = await demo.run('fastpath scale-conn');
    expect(r.followUps.map((f) => f.command)).not.toContain('fastpath scale-conn');
    expect(r.followUps.map((f) => f.command)).toContain('gateway scale-ergw');
  });

  it('answers an unknown name with the closest names of any kind', async () => {
    const r = await demo.run('fastpath hub-con');
    // A unique prefix resolves.
    expect(r.ok).toBe(true);
    const missing = await demo.run('fastpath hbu-conn');
    expect(missing.ok).toBe(false);
    expect(missing.error!.code).toBe('not-found');
    expect(missing.error!.suggestions).toContain('hub-conn');
  });
});
