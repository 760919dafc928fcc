/** The Network Watcher commands (vms, check, flow, nexthop, effective routes, effective nsg), registered in ../index.ts. */
import type { CommandSpec } from '../types.ts';
import { checkSpec } from './check.ts';
import { effectiveNsgSpec } from './effective-nsg.ts';
import { effectiveRoutesSpec } from './effective-routes.ts';
import { flowSpec } from './flow.ts';
import { nexthopSpec } from './nexthop.ts';
import { vmsSpec } from './vms.ts';

export const NETWORK_WATCHER_COMMANDS: readonly CommandSpec[] = [vmsSpec, checkSpec, flowSpec, nexthopSpec, effectiveRoutesSpec, effectiveNsgSpec];
