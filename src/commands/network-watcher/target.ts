/**
 * Finding what a Network Watcher command runs against: the VM (or a NIC) by name across the configured
 * subscriptions — exact, then unique prefix, otherwise "did you mean" — its network interfaces, and the
 * network watcher of its region. A region without a watcher is a clear answer on how to enable one.
 */
import { AzureError } from '../../azure/errors.ts';
import { nicsOfVm, watcherForRegion } from '../../azure/network-watcher-select.ts';
import type { AzureReader } from '../../azure/reader.ts';
import { closestNames, resolveByName } from '../../azure/resolve.ts';
import { nameFromId } from '../../azure/resource-id.ts';
import type { NetworkWatcherSnapshot, NicSnapshot, VmSummary } from '../../azure/snapshots.ts';
import { nwFollowUps } from '../../diagnosis/network-watcher.ts';
import type { Observed, ReadFailure } from '../../diagnosis/observations.ts';
import type { Translate } from '../../i18n/index.ts';
import { errorResult, type Result } from '../result.ts';

export interface VmTarget {
  vm: VmSummary;
  /** The VM's NICs, primary first (a failed read is kept: `check` works without them). */
  nics: Observed<NicSnapshot[]>;
  /** Why the NICs could not be read, to rethrow where they are needed. */
  nicsError?: AzureError;
  /** The VM's primary NIC. */
  nic?: NicSnapshot;
}

/** A VM by name; its NICs read alongside (failure kept). */
export async function resolveVm(azure: AzureReader, name: string): Promise<VmTarget> {
  const [vm, all] = await Promise.all([azure.resolveVirtualMachine(name), azure.listNetworkInterfaces().then((v) => ({ v }), (e: unknown) => ({ e }))]);
  if ('e' in all) {
    if (!(all.e instanceof AzureError)) throw all.e;
    const e = all.e;
    const failure: ReadFailure = { kind: e.kind, message: e.message, ...(e.missingPermission ? { missingPermission: e.missingPermission } : {}) };
    return { vm, nics: { ok: false, failure }, nicsError: e };
  }
  const mine = nicsOfVm(all.v, vm);
  return { vm, nics: { ok: true, value: mine }, ...(mine[0] ? { nic: mine[0] } : {}) };
}

/**
 * A VM or a network interface by name (the effective commands): VMs first, then NICs; not found in either
 * gives suggestions from both. A NIC resolves to the VM it is attached to when there is one.
 */
export async function resolveVmOrNic(azure: AzureReader, name: string): Promise<{ vm?: VmSummary; nic: NicSnapshot; nics: NicSnapshot[] }> {
  const [vms, nics] = await Promise.all([azure.listVirtualMachines(), azure.listNetworkInterfaces()]);
  let vm: VmSummary | undefined;
  try {
    vm = resolveByName(vms, name, 'vm');
  } catch (e) {
    if (!(e instanceof AzureError) || e.kind !== 'not-found') throw e;
  }
  if (vm) {
    const mine = nicsOfVm(nics, vm);
    if (mine.length === 0) throw new AzureError('not-found', `No network interface of VM ${vm.name}.`, { resourceType: 'nic', name: vm.name });
    return { vm, nic: mine[0]!, nics: mine };
  }
  let nic: NicSnapshot;
  try {
    nic = resolveByName(nics, name, 'nic');
  } catch (e) {
    if (e instanceof AzureError && e.kind === 'not-found') {
      throw new AzureError('not-found', `No VM or network interface named "${name}".`, {
        resourceType: 'vm',
        name,
        suggestions: closestNames(name, [...vms.map((v) => v.name), ...nics.map((n) => n.name)]),
      });
    }
    throw e;
  }
  const owner = nic.vmId ? vms.find((v) => v.id.toLowerCase() === nic.vmId!.toLowerCase()) : undefined;
  return { ...(owner ? { vm: owner } : {}), nic, nics: [nic] };
}

/** The watcher of the VM's region, or undefined. */
export async function watcherOf(azure: AzureReader, vm: VmSummary): Promise<NetworkWatcherSnapshot | undefined> {
  return watcherForRegion(await azure.listNetworkWatchers(), vm.location, vm.subscriptionId);
}

/** No watcher in the VM's region: how to enable one, and what works without it. */
export function missingWatcher(command: string, request: string, vm: VmSummary, t: Translate): Result {
  const region = vm.location;
  return errorResult(
    command,
    { code: 'network-watcher-missing', message: t('nw:watcher.missing', { region, vm: vm.name, command: request }), retryable: false },
    {
      target: vm.name,
      followUps: [nwFollowUps.effectiveRoutes(t, vm.name), nwFollowUps.effectiveNsg(t, vm.name)],
      data: { vm, region },
    },
  );
}

/** "access denied", "timed out"… */
export function failureText(f: ReadFailure, t: Translate): string {
  return t(`commands:er.failure.${f.kind}`, { defaultValue: f.kind });
}

/** ": the bot's identity lacks Microsoft.Network/…" when Azure named the missing permission, else "". */
export function permissionText(f: ReadFailure, t: Translate): string {
  return f.missingPermission ? t('nw:common.permission', { permission: f.missingPermission }) : '';
}

/** "vm-hub-test · NIC vm-hub-test-nic (10.0.1.4)" */
export function vmNicText(t: Translate, vm: string | undefined, nic: NicSnapshot | undefined): string {
  const address = nic?.privateIpAddresses[0];
  const base = nic ? t('nw:common.vmNic', { vm: vm ?? nameFromId(nic.vmId) ?? '—', nic: nic.name }) : (vm ?? '—');
  return address ? `${base} (${address})` : base;
}

/**
 * A NIC's effective routes or rules. Azure refuses them (400) for a NIC whose VM is not running: say that,
 * instead of a generic "rejected as invalid". Other errors go to the engine as they are.
 */
export async function readEffective<T>(
  read: () => Promise<T>,
  what: 'routes' | 'nsg',
  command: string,
  target: { vm?: VmSummary; nic: NicSnapshot },
  t: Translate,
): Promise<{ ok: true; value: T } | { ok: false; result: Result }> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (!(e instanceof AzureError) || e.kind !== 'bad-request') throw e;
    const message = t('nw:effective.notRunning', { what: t(`nw:effective.what.${what}`), nic: target.nic.name, vm: target.vm?.name ?? nameFromId(target.nic.vmId) ?? '—' });
    return { ok: false, result: errorResult(command, { code: 'bad-request', message, retryable: false }, { target: target.vm?.name ?? target.nic.name }) };
  }
}
