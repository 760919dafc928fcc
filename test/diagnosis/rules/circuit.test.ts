import { describe, expect, it } from 'vitest';
import { circuitDisabled, providerNotProvisioned } from '../../../src/diagnosis/rules/circuit.ts';
import { commandsOf, en, ids, ja, obs } from '../fixtures.ts';

describe('ER-PROVIDER-NOT-PROVISIONED', () => {
  it('fires when the provider has not provisioned the circuit', () => {
    const [v, ...rest] = providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: 'NotProvisioned' } }), en);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'ER-PROVIDER-NOT-PROVISIONED', severity: 'critical' });
    expect(v!.scope).toBeUndefined();
    expect(v!.evidence[0]).toBe('serviceProviderProvisioningState "NotProvisioned"');
    expect(v!.evidence.join('\n')).toContain('4f2a');
    expect(v!.nextSteps[0]).toContain('Equinix');
    expect(commandsOf(v)).toEqual(['circuit tokyo-er']);
  });
  it('is silent when Provisioned (any case) or unknown', () => {
    expect(providerNotProvisioned(obs(), en)).toEqual([]);
    expect(providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: 'provisioned' } }), en)).toEqual([]);
    expect(providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: undefined } }), en)).toEqual([]);
  });
  it('tells Provisioning and Deprovisioning apart', () => {
    expect(providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: 'Provisioning' } }), en)[0]!.detail).toMatch(/still provisioning/);
    expect(providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: 'Deprovisioning' } }), en)[0]!.detail).toMatch(/deprovisioning/);
  });
  it('gives ExpressRoute Direct its own next step', () => {
    const v = providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: 'NotProvisioned', isDirect: true } }), en)[0]!;
    expect(v.nextSteps[0]).toMatch(/ExpressRoute Direct/);
    expect(v.evidence.join('\n')).toMatch(/ExpressRoute Direct/);
  });
  it('is localized', () => {
    expect(providerNotProvisioned(obs({ circuit: { serviceProviderProvisioningState: 'NotProvisioned' } }), ja)[0]!.title).toBe('プロバイダー側のプロビジョニングが未完了です');
  });
});

describe('ER-CIRCUIT-DISABLED', () => {
  it('fires when circuitProvisioningState is not Enabled', () => {
    const vs = circuitDisabled(obs({ circuit: { circuitProvisioningState: 'Disabled' } }), en);
    expect(ids(vs)).toEqual(['ER-CIRCUIT-DISABLED']);
    expect(vs[0]!.title).toBe('Circuit is disabled (Disabled)');
    expect(vs[0]!.evidence[0]).toBe('circuitProvisioningState "Disabled"');
  });
  it('is silent when Enabled or unknown', () => {
    expect(circuitDisabled(obs(), en)).toEqual([]);
    expect(circuitDisabled(obs({ circuit: { circuitProvisioningState: undefined } }), en)).toEqual([]);
    expect(circuitDisabled(obs({ circuit: { circuitProvisioningState: ' ' } }), en)).toEqual([]);
  });
});
