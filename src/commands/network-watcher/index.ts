/** The Network Watcher commands (check, flow, nexthop, effective routes, effective nsg), registered in ../index.ts. */
import type { CommandSpec } from '../types.ts';

export const NETWORK_WATCHER_COMMANDS: readonly CommandSpec[] = [];
