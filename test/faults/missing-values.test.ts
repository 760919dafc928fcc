/**
 * Issue 16, point 1, end to end: ARM answers 200 with its documented shape but leaves optional values out (a
 * route summary line without statePfxRcd and upDown, stats without a path's byte counters, ARP entries without
 * interface, MAC or age). Unknown is never healthy, missing is never zero: the card shows "unknown" / "—", never
 * Established or 0 B, gives ER-VALUES-MISSING naming what Azure did not give with a button that reads again, and
 * no ER-HEALTHY; the incomplete answer is not cached, so reading again asks ARM. Chat messages over real HTTP
 * into the real bot, the real SDK over HTTPS to the demo emulator, whose `replace-body` fault sends the body.
 */
import { describe, expect, it } from 'vitest';
import { useFaultRig } from '../helpers/fault-rig.ts';

const rig = useFaultRig();


/** Sends `text` in a fresh conversation; the final card's text and its buttons' commands. */
const ask = (text: string, locale = 'en-US') => rig.ask(text, { locale });

const SUMMARY = 'tokyo-er/peerings/AzurePrivatePeering/routeTablesSummary/primary';

describe('a route summary neighbor without statePfxRcd and upDown', () => {
  it('bgp status: the primary BGP state is unknown, not Established with 0 prefixes; ER-VALUES-MISSING with a re-read button; no ER-HEALTHY', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'routeTableSummary', pathIncludes: SUMMARY, body: { value: [{ neighbor: '192.168.10.1', v: 4, as: 65010 }] } });
    const { text, json } = await ask('bgp status tokyo-er');
    expect(text, text).toMatch(/Primary path: not judged, Azure left values out/);
    expect(text).toMatch(/neighbor 192\.168\.10\.1 without statePfxRcd, upDown \(Azure did not give them\)/);
    expect(text).toMatch(/\? unknown/);
    expect(text).not.toMatch(/ER-HEALTHY|all checks passed|primary: BGP Established|0 prefixes/);
    expect(json).toContain('routes summary tokyo-er');
  });

  it('in Japanese: 不明, and the same verdict', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'routeTableSummary', pathIncludes: SUMMARY, body: { value: [{ neighbor: '192.168.10.1' }] } });
    const { text } = await ask('bgp status tokyo-er', 'ja-JP');
    expect(text, text).toMatch(/Azure の応答に値がなく判定できません/);
    expect(text).toMatch(/\? 不明/);
    expect(text).not.toMatch(/すべての確認に合格|ER-HEALTHY/);
  });

  it('the incomplete answer is not kept: reading again (well within the cache time) asks ARM and gets the real one, ER-HEALTHY', async () => {
    const id = rig.emulator.faults.add({ kind: 'replace-body', operation: 'routeTableSummary', pathIncludes: SUMMARY, body: { value: [{ neighbor: '192.168.10.1' }] } });
    const before = rig.emulator.requests.count({ operation: 'routeTableSummary' });
    const bad = await ask('routes summary tokyo-er');
    expect(bad.text, bad.text).toMatch(/not judged, Azure left values out/);
    rig.emulator.faults.remove(id);
    const good = await ask('routes summary tokyo-er');
    expect(good.text, good.text).not.toMatch(/left values out/);
    expect(good.text).toMatch(/all checks passed/);
    // Both reads reached ARM for the primary path (the secondary's complete answer was cached).
    expect(rig.emulator.requests.count({ operation: 'routeTableSummary' }) - before).toBeGreaterThanOrEqual(3);
  });
});

describe('stats without a path’s byte counters', () => {
  it('bgp status: primary traffic is unknown, never 0 B or "no traffic"; ER-VALUES-MISSING names the counters; no ER-HEALTHY', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'peerings.stats', pathIncludes: 'tokyo-er', body: { secondarybytesIn: 0, secondarybytesOut: 0 } });
    const { text, json } = await ask('bgp status tokyo-er');
    expect(text, text).toMatch(/without primarybytesIn, primarybytesOut \(Azure did not give them; unknown, not zero\)/);
    expect(text).toMatch(/in unknown \(not given by Azure\)/);
    expect(text).not.toMatch(/ER-HEALTHY|all checks passed|Primary path: BGP up but no traffic/);
    // The secondary's zeros were given: that is "no traffic", and said so.
    expect(text).toMatch(/Secondary path: BGP up but no traffic/);
    expect(json).toContain('bgp status tokyo-er');
  });
});

describe('ARP entries without interface, MAC or age', () => {
  it('arp table: "—" and "age unknown", never age 0 or "MAC incomplete"; not ER-ARP-ONPREM-MISSING but ER-VALUES-MISSING', async () => {
    rig.emulator.faults.add({
      kind: 'replace-body',
      operation: 'arpTable',
      pathIncludes: 'tokyo-er/peerings/AzurePrivatePeering/arpTables/primary',
      body: { value: [{ interface: 'Microsoft', ipAddress: '192.168.10.2', macAddress: '19b0.9159.7909' }, { ipAddress: '192.168.10.1' }] },
    });
    const { text, json } = await ask('arp table tokyo-er primary');
    expect(text, text).toMatch(/entry 192\.168\.10\.1 without interface, macAddress/);
    expect(text).toMatch(/age unknown/);
    expect(text).not.toMatch(/ER-ARP-ONPREM-MISSING|does not answer|incomplete MAC|0 min|all checks passed/i);
    expect(json).toContain('arp table tokyo-er primary');
  });
});
