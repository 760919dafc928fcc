/** Layer 1: the circuit and the connectivity provider. */
import type { Translate } from '../../i18n/index.ts';
import { followUps, makeVerdict, q } from '../build.ts';
import type { CircuitObservation } from '../observations.ts';
import type { Verdict } from '../verdict.ts';

function providerFacts(obs: CircuitObservation, t: Translate): string[] {
  const c = obs.circuit;
  const out: string[] = [];
  if (c.isDirect) out.push(t('diagnosis:evidence.circuitDirect', { bandwidth: c.bandwidthMbps ?? '?' }));
  else if (c.providerName || c.peeringLocation)
    out.push(
      t('diagnosis:evidence.circuitProvider', {
        provider: c.providerName ?? '?',
        location: c.peeringLocation ?? '?',
        bandwidth: c.bandwidthMbps ?? '?',
      }),
    );
  if (c.serviceKeyMasked) out.push(t('diagnosis:evidence.serviceKey', { key: c.serviceKeyMasked }));
  return out;
}

/** ER-PROVIDER-NOT-PROVISIONED: `serviceProviderProvisioningState` is known and is not Provisioned. */
export function providerNotProvisioned(obs: CircuitObservation, t: Translate): Verdict[] {
  const c = obs.circuit;
  const state = c.serviceProviderProvisioningState;
  if (state === undefined || state.trim() === '' || /^provisioned$/i.test(state.trim())) return [];
  const s = state.trim().toLowerCase();
  const detailKey = s === 'provisioning' ? 'detailProvisioning' : s === 'deprovisioning' ? 'detailDeprovisioning' : 'detail';
  const nextSteps = c.isDirect
    ? [t('diagnosis:ER-PROVIDER-NOT-PROVISIONED.steps.direct'), t('diagnosis:ER-PROVIDER-NOT-PROVISIONED.steps.support')]
    : [
        t('diagnosis:ER-PROVIDER-NOT-PROVISIONED.steps.serviceKey', { provider: c.providerName ?? t('diagnosis:labels.theProvider') }),
        t('diagnosis:ER-PROVIDER-NOT-PROVISIONED.steps.wait'),
        t('diagnosis:ER-PROVIDER-NOT-PROVISIONED.steps.support'),
      ];
  return [
    makeVerdict(t, 'ER-PROVIDER-NOT-PROVISIONED', 'critical', {
      vars: { state: state.trim(), circuit: c.name },
      detailKey,
      evidence: [t('diagnosis:evidence.field', { field: 'serviceProviderProvisioningState', value: q(state) }), ...providerFacts(obs, t)],
      nextSteps,
      followUps: [followUps.circuit(t, c.name)],
    }),
  ];
}

/** ER-CIRCUIT-DISABLED: `circuitProvisioningState` is known and is not Enabled. */
export function circuitDisabled(obs: CircuitObservation, t: Translate): Verdict[] {
  const c = obs.circuit;
  const state = c.circuitProvisioningState;
  if (state === undefined || state.trim() === '' || /^enabled$/i.test(state.trim())) return [];
  const evidence = [t('diagnosis:evidence.field', { field: 'circuitProvisioningState', value: q(state) })];
  if (c.provisioningState) evidence.push(t('diagnosis:evidence.field', { field: 'provisioningState', value: q(c.provisioningState) }));
  return [
    makeVerdict(t, 'ER-CIRCUIT-DISABLED', 'critical', {
      vars: { state: state.trim(), circuit: c.name },
      evidence: [...evidence, ...providerFacts(obs, t)],
      nextSteps: [t('diagnosis:ER-CIRCUIT-DISABLED.steps.subscription'), t('diagnosis:ER-CIRCUIT-DISABLED.steps.support')],
      followUps: [followUps.circuit(t, c.name)],
    }),
  ];
}
