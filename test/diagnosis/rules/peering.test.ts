import { describe, expect, it } from 'vitest';
import { asnReserved, peeringDisabled, peeringMissing } from '../../../src/diagnosis/rules/peering.ts';
import { circuit, commandsOf, en, ids, microsoftPeering, obs, peering } from '../fixtures.ts';

describe('ER-PEERING-MISSING', () => {
  it('fires when the asked-for peering does not exist, naming the peerings there are', () => {
    const o = { ...obs(), peeringName: 'MicrosoftPeering' };
    const [v] = peeringMissing(o, en);
    expect(v).toMatchObject({ ruleId: 'ER-PEERING-MISSING', severity: 'critical', scope: 'MicrosoftPeering', title: 'MicrosoftPeering is not configured' });
    expect(v!.evidence).toEqual(['Peerings on tokyo-er: AzurePrivatePeering']);
    expect(v!.nextSteps[0]).toMatch(/public \/30/);
    expect(commandsOf(v)).toEqual(['circuit tokyo-er']);
  });
  it('says when the circuit has no peering at all', () => {
    const [v] = peeringMissing(obs({ circuit: { peerings: [] } }), en);
    expect(v!.evidence).toEqual(['tokyo-er has no peerings']);
  });
  it('is silent when the peering exists (name match is case-insensitive, or by type)', () => {
    expect(peeringMissing(obs(), en)).toEqual([]);
    expect(peeringMissing({ ...obs(), peeringName: 'azureprivatepeering' }, en)).toEqual([]);
    const byType = obs({ circuit: { peerings: [peering({ name: 'custom-name' })] } });
    expect(peeringMissing(byType, en)).toEqual([]);
  });
});

describe('ER-PEERING-DISABLED', () => {
  it('fires for state Disabled and shows the config without the MD5 key', () => {
    const [v] = peeringDisabled(obs({ peering: { state: 'Disabled' } }), en);
    expect(v).toMatchObject({ ruleId: 'ER-PEERING-DISABLED', severity: 'critical', scope: 'AzurePrivatePeering' });
    expect(v!.evidence[0]).toBe('AzurePrivatePeering: state "Disabled"');
    expect(v!.evidence[1]).toBe('AzurePrivatePeering: peerASN 65010, VLAN 100, primary 192.168.10.0/30, secondary 192.168.10.4/30, MD5 key set');
  });
  it('is silent when Enabled, unknown, or the peering is missing', () => {
    expect(peeringDisabled(obs(), en)).toEqual([]);
    expect(peeringDisabled(obs({ peering: { state: undefined } }), en)).toEqual([]);
    expect(peeringDisabled(obs({ circuit: { peerings: [] } }), en)).toEqual([]);
  });
});

describe('ER-ASN-RESERVED', () => {
  it('fires for an Azure-reserved peer ASN', () => {
    const [v] = asnReserved(obs({ peering: { peerASN: 65515 } }), en);
    expect(v).toMatchObject({ ruleId: 'ER-ASN-RESERVED', severity: 'critical', title: 'Peer ASN 65515 is reserved' });
    expect(v!.evidence).toEqual(['peerASN 65515 on AzurePrivatePeering (reserved by Azure)']);
    expect(v!.detail).toMatch(/65515–65520/);
  });
  it('names Microsoft and IANA reservations', () => {
    expect(asnReserved(obs({ peering: { peerASN: 12076 } }), en)[0]!.detail).toMatch(/belongs to Microsoft/);
    expect(asnReserved(obs({ peering: { peerASN: 23456 } }), en)[0]!.detail).toMatch(/IANA/);
    expect(asnReserved(obs({ peering: { peerASN: 4294967295 } }), en)[0]!.detail).toMatch(/IANA/);
  });
  it('checks a Microsoft peering customer ASN too, but not an unset (0) one', () => {
    const withCustomer = circuit({ peerings: [microsoftPeering({ microsoftPeeringConfig: { customerASN: 65517 } })] });
    expect(asnReserved({ ...obs(), circuit: withCustomer, peeringName: 'MicrosoftPeering' }, en)[0]!.evidence[0]).toMatch(/^customerASN 65517/);
    const unset = circuit({ peerings: [microsoftPeering()] });
    expect(asnReserved({ ...obs(), circuit: unset, peeringName: 'MicrosoftPeering' }, en)).toEqual([]);
  });
  it('is silent for usable ASNs at the range edges and for a missing ASN', () => {
    for (const peerASN of [65010, 65514, 65521, 64512, 64495]) expect(ids(asnReserved(obs({ peering: { peerASN } }), en))).toEqual([]);
    expect(asnReserved(obs({ peering: { peerASN: undefined } }), en)).toEqual([]);
  });
});
