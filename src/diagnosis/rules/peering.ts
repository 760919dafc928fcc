/** Layer 2 of the isolation order: the peering configuration (exists, enabled, usable ASN). */
import type { PeeringSnapshot } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { asnReservation } from '../bgp-state.ts';
import { followUps, makeVerdict, q } from '../build.ts';
import { findPeering, type CircuitObservation } from '../observations.ts';
import type { Verdict } from '../verdict.ts';

/** One line with the peering's configuration (never the MD5 key, only whether one is set). */
export function peeringConfigEvidence(t: Translate, p: PeeringSnapshot): string {
  return t('diagnosis:evidence.peeringConfig', {
    peering: p.name,
    asn: p.peerASN ?? '?',
    vlan: p.vlanId ?? '?',
    primary: p.primaryPeerAddressPrefix ?? '?',
    secondary: p.secondaryPeerAddressPrefix ?? '?',
    md5: t(p.sharedKeySet ? 'diagnosis:labels.md5Set' : 'diagnosis:labels.md5NotSet'),
  });
}

/** ER-PEERING-MISSING: the asked-for peering does not exist on the circuit. */
export function peeringMissing(obs: CircuitObservation, t: Translate): Verdict[] {
  if (findPeering(obs.circuit, obs.peeringName)) return [];
  const names = obs.circuit.peerings.map((p) => p.name);
  const microsoft = /microsoft/i.test(obs.peeringName);
  return [
    makeVerdict(t, 'ER-PEERING-MISSING', 'critical', {
      vars: { peering: obs.peeringName, circuit: obs.circuit.name },
      scope: obs.peeringName,
      evidence: [
        names.length > 0
          ? t('diagnosis:evidence.peeringsPresent', { circuit: obs.circuit.name, names: names.join(', ') })
          : t('diagnosis:evidence.peeringsNone', { circuit: obs.circuit.name }),
      ],
      nextSteps: [
        t(microsoft ? 'diagnosis:ER-PEERING-MISSING.steps.createMicrosoft' : 'diagnosis:ER-PEERING-MISSING.steps.create', { peering: obs.peeringName }),
        t('diagnosis:ER-PEERING-MISSING.steps.layer3'),
      ],
      followUps: [followUps.circuit(t, obs.circuit.name)],
    }),
  ];
}

/** ER-PEERING-DISABLED: the peering exists with `state` Disabled. */
export function peeringDisabled(obs: CircuitObservation, t: Translate): Verdict[] {
  const p = findPeering(obs.circuit, obs.peeringName);
  if (!p || !/^disabled$/i.test((p.state ?? '').trim())) return [];
  return [
    makeVerdict(t, 'ER-PEERING-DISABLED', 'critical', {
      vars: { peering: p.name },
      scope: p.name,
      evidence: [t('diagnosis:evidence.peeringField', { peering: p.name, field: 'state', value: q(p.state) }), peeringConfigEvidence(t, p)],
      nextSteps: [t('diagnosis:ER-PEERING-DISABLED.steps.enable', { peering: p.name }), t('diagnosis:ER-PEERING-DISABLED.steps.who', { peering: p.name })],
      followUps: [followUps.circuit(t, obs.circuit.name)],
    }),
  ];
}

/** ER-ASN-RESERVED: the peer ASN (or Microsoft peering's customer ASN) is in a reserved range. */
export function asnReserved(obs: CircuitObservation, t: Translate): Verdict[] {
  const p = findPeering(obs.circuit, obs.peeringName);
  if (!p) return [];
  const out: Verdict[] = [];
  const candidates: { field: string; asn: number | undefined }[] = [{ field: 'peerASN', asn: p.peerASN }];
  const customer = p.microsoftPeeringConfig?.customerASN;
  if (customer !== undefined && customer > 0 && customer !== p.peerASN) candidates.push({ field: 'customerASN', asn: customer });
  for (const { field, asn } of candidates) {
    const reason = asnReservation(asn);
    if (!reason) continue;
    out.push(
      makeVerdict(t, 'ER-ASN-RESERVED', 'critical', {
        vars: { asn, peering: p.name, field },
        detailKey: `detail.${reason}`,
        scope: p.name,
        evidence: [
          t('diagnosis:evidence.asnReserved', { field, asn, peering: p.name, reason: t(`diagnosis:labels.asnReason.${reason}`) }),
        ],
        nextSteps: [t('diagnosis:ER-ASN-RESERVED.steps.change'), t('diagnosis:ER-ASN-RESERVED.steps.router')],
        followUps: [followUps.circuit(t, obs.circuit.name)],
      }),
    );
  }
  return out;
}
