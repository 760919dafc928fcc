/**
 * Gathers what the ExpressRoute commands diagnose: resolve the circuit, read it, then every asked-for
 * per-path table and the stats in parallel (ARP and route-table calls are long-running operations, so the
 * command takes as long as the slowest one, not their sum). A failed read is kept as such — the other
 * path still shows — and a layer that cannot work (provider not provisioned, peering missing or disabled)
 * is not read at all.
 */
import { observe } from './observe.ts';
import type { AzureReader } from '../azure/reader.ts';
import type { CircuitSnapshot, CircuitSummary, DevicePath, PeeringSnapshot } from '../azure/snapshots.ts';
import { type CircuitObservation, findPeering, type PathObservation } from '../diagnosis/observations.ts';

export interface ReadPlan {
  arp?: boolean;
  summary?: boolean;
  routes?: boolean;
  stats?: boolean;
}

export interface CircuitRead {
  summary: CircuitSummary;
  circuit: CircuitSnapshot;
  peering?: PeeringSnapshot;
  observation: CircuitObservation;
  /** True when any read failed: the card says the result is partial. */
  partial: boolean;
}

/** Whether reading per-path tables can tell anything: not when the circuit or peering cannot carry traffic. */
function pathsReadable(circuit: CircuitSnapshot, peering: PeeringSnapshot | undefined): boolean {
  return (
    circuit.serviceProviderProvisioningState === 'Provisioned' &&
    (circuit.circuitProvisioningState ?? 'Enabled') === 'Enabled' &&
    peering !== undefined &&
    (peering.state ?? 'Enabled') === 'Enabled'
  );
}

export async function resolveAndReadCircuit(azure: AzureReader, name: string): Promise<{ summary: CircuitSummary; circuit: CircuitSnapshot }> {
  const summary = await azure.resolveCircuit(name);
  return { summary, circuit: await azure.getCircuit(summary) };
}

export async function observePeering(
  azure: AzureReader,
  base: { summary: CircuitSummary; circuit: CircuitSnapshot },
  peeringName: string,
  paths: readonly DevicePath[],
  plan: ReadPlan,
): Promise<CircuitRead> {
  const { summary, circuit } = base;
  const peering = findPeering(circuit, peeringName);
  const readable = pathsReadable(circuit, peering);
  const peeringKey = peering?.name ?? peeringName;

  const readPath = async (path: DevicePath): Promise<PathObservation> => {
    const [arp, routeSummary, routes] = await Promise.all([
      plan.arp ? observe(() => azure.getArpTable(summary, peeringKey, path)) : undefined,
      plan.summary ? observe(() => azure.getRouteSummary(summary, peeringKey, path)) : undefined,
      plan.routes ? observe(() => azure.getRouteTable(summary, peeringKey, path)) : undefined,
    ]);
    return { path, arp, summary: routeSummary, routes };
  };

  const [pathObs, stats] = readable
    ? await Promise.all([Promise.all(paths.map(readPath)), plan.stats ? observe(() => azure.getCircuitStats(summary, peeringKey)) : undefined])
    : [paths.map((path): PathObservation => ({ path })), undefined];

  const observation: CircuitObservation = { circuit, peeringName: peeringKey, paths: pathObs, stats };
  const reads = [...pathObs.flatMap((p) => [p.arp, p.summary, p.routes]), stats];
  return { summary, circuit, peering, observation, partial: reads.some((r) => r !== undefined && !r.ok) };
}
