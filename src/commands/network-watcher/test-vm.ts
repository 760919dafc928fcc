/**
 * The test VM of a circuit (NETOPS_TEST_VMS "circuit-or-gateway=vm"): from which VM `bgp status` offers
 * "Check TCP/179 to the peer". By the circuit's name first; else by the name of a gateway whose connection
 * points at the circuit (read only when some key could be a gateway, and never fatal: no VM, no button).
 */
import type { AzureReader } from '../../azure/reader.ts';
import { nameFromId } from '../../azure/resource-id.ts';
import type { CircuitSummary } from '../../azure/snapshots.ts';

export async function testVmFor(azure: AzureReader, testVms: Readonly<Record<string, string>>, circuit: Pick<CircuitSummary, 'id' | 'name'>): Promise<string | undefined> {
  const direct = testVms[circuit.name.toLowerCase()];
  if (direct) return direct;
  if (Object.keys(testVms).length === 0) return undefined;
  try {
    const connections = await azure.listConnections();
    const id = circuit.id.toLowerCase();
    for (const c of connections) {
      if (c.peerId?.toLowerCase() !== id) continue;
      const gateway = nameFromId(c.gatewayId)?.toLowerCase();
      if (gateway && testVms[gateway]) return testVms[gateway];
    }
  } catch {
    // The button is a convenience: a failed read of connections must not fail `bgp status`.
  }
  return undefined;
}
