/**
 * Which Network Watcher serves a VM's region, and which NICs a VM has: pure functions over snapshots, kept apart
 * from network-watcher.ts (which loads the Azure SDK) so that the commands, and a CLI `help`, do not load it.
 */
import type { NetworkWatcherSnapshot, NicSnapshot, ResourceRef } from './snapshots.ts';

/** "West Europe", "westeurope", "WestEurope" -> "westeurope". */
export function normalizeLocation(location: string | undefined): string {
  return (location ?? '').replace(/\s+/g, '').toLowerCase();
}

/**
 * The watcher for a VM's region: one in the VM's own subscription first (Network Watcher works per
 * subscription and region), else any configured subscription's watcher there; undefined when none exists.
 */
export function watcherForRegion(
  watchers: readonly NetworkWatcherSnapshot[],
  location: string,
  subscriptionId?: string,
): NetworkWatcherSnapshot | undefined {
  const here = watchers.filter((w) => normalizeLocation(w.location) === normalizeLocation(location));
  const sameSub = here.filter((w) => subscriptionId !== undefined && w.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  // Prefer the conventional NetworkWatcher_<region> in NetworkWatcherRG when a subscription has several.
  const conventional = (list: NetworkWatcherSnapshot[]) =>
    list.find((w) => w.resourceGroup.toLowerCase() === 'networkwatcherrg') ?? list[0];
  return conventional(sameSub) ?? conventional(here);
}

/** The NICs attached to a VM, primary first. */
export function nicsOfVm(nics: readonly NicSnapshot[], vm: ResourceRef): NicSnapshot[] {
  const id = vm.id.toLowerCase();
  return nics
    .filter((n) => n.vmId?.toLowerCase() === id)
    .sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)) || a.name.localeCompare(b.name));
}
