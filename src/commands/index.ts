/** Every command the bot knows, in the order `help` lists them. One file per command. */
import { aboutSpec } from './about.ts';
import { arpTableSpec } from './arp-table.ts';
import { auditSpec } from './audit.ts';
import { bgpStatusSpec } from './bgp-status.ts';
import { circuitSpec } from './circuit.ts';
import { circuitsSpec } from './circuits.ts';
import { fastpathSpec } from './fastpath.ts';
import { gatewaySpec } from './gateway.ts';
import { gatewaysSpec } from './gateways.ts';
import { helpSpec } from './help.ts';
import { LATENCY_COMMANDS } from './latency/index.ts';
import { NETWORK_WATCHER_COMMANDS } from './network-watcher/index.ts';
import { routesSpec } from './routes.ts';
import { routesSummarySpec } from './routes-summary.ts';
import { serviceKeySpec } from './service-key.ts';
import type { CommandSpec } from './types.ts';

export const COMMANDS: readonly CommandSpec[] = [
  helpSpec,
  bgpStatusSpec,
  arpTableSpec,
  routesSpec,
  routesSummarySpec,
  circuitSpec,
  circuitsSpec,
  serviceKeySpec,
  fastpathSpec,
  gatewaySpec,
  gatewaysSpec,
  ...NETWORK_WATCHER_COMMANDS,
  ...LATENCY_COMMANDS,
  auditSpec,
  aboutSpec,
];
