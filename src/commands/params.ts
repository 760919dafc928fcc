/** Parameters shared by the ExpressRoute commands, so every command spells them the same way. */
import type { ParamSpec } from './types.ts';

export const PRIVATE_PEERING = 'AzurePrivatePeering';
export const MICROSOFT_PEERING = 'MicrosoftPeering';
export const ALL_PEERINGS = 'all';

export const circuitParam: ParamSpec = { name: 'circuit', kind: { type: 'name', resource: 'circuit' }, required: true, remember: 'circuit' };

const peeringValues = {
  private: PRIVATE_PEERING,
  azureprivatepeering: PRIVATE_PEERING,
  microsoft: MICROSOFT_PEERING,
  microsoftpeering: MICROSOFT_PEERING,
  msft: MICROSOFT_PEERING,
} as const;

export const peeringParam: ParamSpec = {
  name: 'peering',
  kind: { type: 'enum', values: peeringValues },
  default: PRIVATE_PEERING,
  remember: 'peering',
};

/** `bgp status` alone also takes `all` (every peering of the circuit). */
export const peeringOrAllParam: ParamSpec = {
  ...peeringParam,
  kind: { type: 'enum', values: { ...peeringValues, all: ALL_PEERINGS } },
};

export const pathParam = (defaultPath: 'primary' | 'secondary' | 'both'): ParamSpec => ({
  name: 'path',
  kind: { type: 'enum', values: { primary: 'primary', secondary: 'secondary', both: 'both', pri: 'primary', sec: 'secondary' } },
  default: defaultPath,
});

/** The token a follow-up command uses for a peering ('' for the default private peering). */
export function peeringToken(peeringName: string): string {
  return peeringName.toLowerCase() === PRIVATE_PEERING.toLowerCase() ? '' : ' microsoft';
}
