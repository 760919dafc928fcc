/**
 * The emulator's world: loading and validating a world file, and looking things up in it.
 * Lookups scan arrays on each call (worlds are small) so that a test may change `handle.world` while the
 * emulator runs and the next request sees it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { computeId, isArmId, networkId, parseId, sameId, sameName } from './ids.ts';
import {
  type World,
  type WorldCircuit,
  type WorldConnection,
  type WorldGateway,
  type WorldNetworkWatcher,
  type WorldNic,
  type WorldSubscription,
  type WorldVirtualMachine,
  type WorldVirtualNetwork,
  worldSchema,
} from './world-schema.ts';

export type {
  World,
  WorldCircuit,
  WorldConnection,
  WorldGateway,
  WorldNetworkWatcher,
  WorldNic,
  WorldSubscription,
  WorldVirtualMachine,
  WorldVirtualNetwork,
} from './world-schema.ts';

export const DEMO_WORLD_PATH = fileURLToPath(new URL('./worlds/demo.json', import.meta.url));

/** A world that failed validation; `issues` holds one readable line per problem ("circuits[2] (osaka-er).sku.tier: ..."). */
export class WorldError extends Error {
  readonly issues: string[];
  constructor(source: string, issues: string[]) {
    super(`Invalid emulator world (${source}):\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'WorldError';
    this.issues = issues;
  }
}

/** Reads (if a path) and validates a world; throws WorldError naming the path of every bad field. */
export function loadWorld(pathOrObject: string | unknown): World {
  let raw: unknown = pathOrObject;
  let source = 'object';
  if (typeof pathOrObject === 'string') {
    source = pathOrObject;
    let text: string;
    try {
      text = readFileSync(pathOrObject, 'utf8');
    } catch (e) {
      throw new WorldError(source, [`cannot read the file: ${(e as Error).message}`]);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new WorldError(source, [`not valid JSON: ${(e as Error).message}`]);
    }
  }
  const parsed = worldSchema.safeParse(raw);
  if (!parsed.success) throw new WorldError(source, parsed.error.issues.map((i) => describeIssue(raw, i)));
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw new WorldError(source, problems);
  return parsed.data;
}

/**
 * The demo world as `npm run build` validated it (scripts/build.mjs writes it next to the compiled demo.json):
 * the same World that loadWorld gives, without parsing it again at every start (about 60 ms of the bot's
 * start-up; BENCHMARKS.md, "Start-up"). Used only when it was made from the demo.json beside it (same SHA-256).
 */
export const VALIDATED_DEMO_WORLD_PATH = fileURLToPath(new URL('./worlds/demo.validated.json', import.meta.url));

export function demoWorldSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function loadDemoWorld(): World {
  let validated: { sha256?: string; world?: World } | undefined;
  try {
    validated = JSON.parse(readFileSync(VALIDATED_DEMO_WORLD_PATH, 'utf8')) as typeof validated;
  } catch {
    // Running from src/ (or an incomplete build): validate the file itself.
  }
  if (validated?.world && validated.sha256 === demoWorldSha256(readFileSync(DEMO_WORLD_PATH, 'utf8'))) return validated.world;
  return loadWorld(DEMO_WORLD_PATH);
}

/** "circuits[3] (osaka-er).peerings[0].peerASN: Invalid input: expected number, received string" */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  return `${formatPath(raw, issue.path)}: ${issue.message}`;
}

function formatPath(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(world)';
  let out = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const name = node && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
      if (typeof name === 'string') out += ` (${name})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** What zod cannot check: that references resolve and names are unique where ARM requires it. */
function checkReferences(world: World): string[] {
  const problems: string[] = [];
  const where = (list: string, i: number, name: string) => `${list}[${i}] (${name})`;

  const seenSubs = new Set<string>();
  world.subscriptions.forEach((s, i) => {
    if (seenSubs.has(s.id.toLowerCase())) problems.push(`subscriptions[${i}].id: duplicate subscription ${s.id}`);
    seenSubs.add(s.id.toLowerCase());
  });

  const placed = (list: string, items: readonly { subscriptionId: string; resourceGroup: string; name: string }[]) => {
    const seen = new Set<string>();
    items.forEach((r, i) => {
      const sub = findSubscription(world, r.subscriptionId);
      if (!sub) problems.push(`${where(list, i, r.name)}.subscriptionId: no subscription ${r.subscriptionId} in subscriptions`);
      else if (!sub.resourceGroups.some((g) => sameName(g.name, r.resourceGroup)))
        problems.push(`${where(list, i, r.name)}.resourceGroup: no resource group '${r.resourceGroup}' in subscription ${sub.displayName}`);
      const key = `${r.subscriptionId}/${r.resourceGroup}/${r.name}`.toLowerCase();
      if (seen.has(key)) problems.push(`${where(list, i, r.name)}.name: duplicate name in the same resource group`);
      seen.add(key);
    });
  };
  placed('circuits', world.circuits);
  placed('gateways', world.gateways);
  placed('connections', world.connections);
  placed('virtualNetworks', world.virtualNetworks);
  placed('virtualMachines', world.virtualMachines);
  placed('networkWatchers', world.networkWatchers);

  world.circuits.forEach((c, i) => {
    const names = new Set<string>();
    c.peerings.forEach((p, j) => {
      if (names.has(p.name)) problems.push(`${where('circuits', i, c.name)}.peerings[${j}].name: duplicate peering ${p.name}`);
      names.add(p.name);
    });
  });
  world.gateways.forEach((g, i) => {
    if (!findVnetFor(world, g.subscriptionId, g.resourceGroup, g.vnet))
      problems.push(`${where('gateways', i, g.name)}.vnet: no virtual network '${g.vnet}' in subscription ${g.subscriptionId}`);
  });
  world.connections.forEach((c, i) => {
    if (!resolveConnectionGateway(world, c))
      problems.push(`${where('connections', i, c.name)}.gateway: no gateway '${c.gateway}'`);
    if (c.circuit !== undefined && !resolveConnectionCircuit(world, c))
      problems.push(`${where('connections', i, c.name)}.circuit: no circuit '${c.circuit}'`);
  });
  const nicNames = new Set<string>();
  world.virtualMachines.forEach((vm, i) => {
    vm.nics.forEach((n, j) => {
      const key = `${vm.subscriptionId}/${vm.resourceGroup}/${n.name}`.toLowerCase();
      if (nicNames.has(key)) problems.push(`${where('virtualMachines', i, vm.name)}.nics[${j}].name: duplicate NIC name in the resource group`);
      nicNames.add(key);
      const vnet = findVnetFor(world, vm.subscriptionId, vm.resourceGroup, n.vnet);
      if (!vnet) problems.push(`${where('virtualMachines', i, vm.name)}.nics[${j}].vnet: no virtual network '${n.vnet}'`);
      else if (!vnet.subnets.some((s) => sameName(s.name, n.subnet)))
        problems.push(`${where('virtualMachines', i, vm.name)}.nics[${j}].subnet: no subnet '${n.subnet}' in ${vnet.name}`);
    });
  });
  return problems;
}

// ---------------------------------------------------------------- ids

export const circuitId = (c: WorldCircuit) => networkId(c.subscriptionId, c.resourceGroup, 'expressRouteCircuits', c.name);
export const gatewayId = (g: WorldGateway) => networkId(g.subscriptionId, g.resourceGroup, 'virtualNetworkGateways', g.name);
export const connectionId = (c: WorldConnection) => networkId(c.subscriptionId, c.resourceGroup, 'connections', c.name);
export const vnetId = (v: WorldVirtualNetwork) => networkId(v.subscriptionId, v.resourceGroup, 'virtualNetworks', v.name);
export const vmId = (vm: WorldVirtualMachine) => computeId(vm.subscriptionId, vm.resourceGroup, 'virtualMachines', vm.name);
export const nicId = (vm: WorldVirtualMachine, nic: WorldNic) =>
  networkId(vm.subscriptionId, vm.resourceGroup, 'networkInterfaces', nic.name);
export const watcherId = (w: WorldNetworkWatcher) => networkId(w.subscriptionId, w.resourceGroup, 'networkWatchers', w.name);

// ---------------------------------------------------------------- lookups

export function findSubscription(world: World, id: string): WorldSubscription | undefined {
  return world.subscriptions.find((s) => sameId(s.id, id));
}

export function findResourceGroup(world: World, subscriptionId: string, name: string) {
  return findSubscription(world, subscriptionId)?.resourceGroups.find((g) => sameName(g.name, name));
}

interface Placed {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** Items of a subscription, optionally of one resource group. */
export function inScope<T extends Placed>(items: readonly T[], subscriptionId: string, resourceGroup?: string): T[] {
  return items.filter(
    (r) => sameId(r.subscriptionId, subscriptionId) && (resourceGroup === undefined || sameName(r.resourceGroup, resourceGroup)),
  );
}

export function findPlaced<T extends Placed>(items: readonly T[], subscriptionId: string, resourceGroup: string, name: string) {
  return items.find(
    (r) => sameId(r.subscriptionId, subscriptionId) && sameName(r.resourceGroup, resourceGroup) && sameName(r.name, name),
  );
}

/** A name (own resource group first, then anywhere in the subscription) or a full ARM id. */
function resolveRef<T extends Placed>(items: readonly T[], subscriptionId: string, resourceGroup: string, ref: string, anySub = false) {
  if (isArmId(ref)) {
    const p = parseId(ref);
    return items.find(
      (r) => sameId(r.subscriptionId, p.subscriptionId) && sameName(r.resourceGroup, p.resourceGroup) && sameName(r.name, p.name),
    );
  }
  return (
    findPlaced(items, subscriptionId, resourceGroup, ref) ??
    items.find((r) => sameId(r.subscriptionId, subscriptionId) && sameName(r.name, ref)) ??
    (anySub ? items.find((r) => sameName(r.name, ref)) : undefined)
  );
}

export function findVnetFor(world: World, subscriptionId: string, resourceGroup: string, ref: string) {
  return resolveRef(world.virtualNetworks, subscriptionId, resourceGroup, ref);
}

export function resolveConnectionGateway(world: World, c: WorldConnection): WorldGateway | undefined {
  return resolveRef(world.gateways, c.subscriptionId, c.resourceGroup, c.gateway);
}

export function resolveConnectionCircuit(world: World, c: WorldConnection): WorldCircuit | undefined {
  return c.circuit === undefined ? undefined : resolveRef(world.circuits, c.subscriptionId, c.resourceGroup, c.circuit, true);
}

export interface NicRef {
  vm: WorldVirtualMachine;
  nic: WorldNic;
}

/** NICs live inside their VM in the world file; on the wire they sit in the VM's resource group. */
export function allNics(world: World): NicRef[] {
  return world.virtualMachines.flatMap((vm) => vm.nics.map((nic) => ({ vm, nic })));
}

export function findNic(world: World, subscriptionId: string, resourceGroup: string, name: string): NicRef | undefined {
  return allNics(world).find(
    ({ vm, nic }) => sameId(vm.subscriptionId, subscriptionId) && sameName(vm.resourceGroup, resourceGroup) && sameName(nic.name, name),
  );
}

/** The VM a request names by id (connectivity source, IP flow target...). */
export function findVmById(world: World, id: string | undefined): WorldVirtualMachine | undefined {
  if (!id) return undefined;
  return world.virtualMachines.find((vm) => sameId(vmId(vm), id));
}

export function findNicById(world: World, id: string | undefined): NicRef | undefined {
  if (!id) return undefined;
  return allNics(world).find(({ vm, nic }) => sameId(nicId(vm, nic), id));
}
