/**
 * Every card the embedded demo can show, for the property tests over cards (test/render/actions.test.ts and the
 * browser test test/e2e/cards.e2e.ts): each command over each of the demo's circuits, gateways, connections and
 * VMs, the lists and help, a pasted latency log, and the error cards of mistyped and oversized messages.
 */
import type { Result } from '../../src/commands/result.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { EmulatorHandle } from '../../src/emulator/server.ts';

/** A PsPing-style log of `n` runs against `target`, as an engineer pastes it. */
function pastedRuns(target: string, n: number, base: number): string {
  return Array.from({ length: n }, (_, i) => `TCP connect to ${target}:\nConnecting to ${target}: from 10.0.0.5:${50000 + i}: ${(base + (i % 5) * 0.4).toFixed(2)}ms`).join('\n');
}

export const PASTED_COMPARE = `latency compare\n${pastedRuns('10.1.2.4:3389', 7, 1.5)}\nvs\n${pastedRuns('10.1.2.5:3389', 6, 2.5)}`;
export const LONG_MESSAGE = `bgp status ${'tokyo-er '.repeat(560)}`.slice(0, 5000);

/** Command texts that give every kind of card on the demo world. */
export function demoCommands(emu: EmulatorHandle): string[] {
  const world = emu.world;
  const out: string[] = [];
  for (const c of world.circuits) {
    out.push(`bgp status ${c.name}`, `arp table ${c.name} both`, `routes ${c.name}`, `routes summary ${c.name}`, `circuit ${c.name}`, `fastpath ${c.name}`);
    if (c.peerings.some((p) => /microsoft/i.test(p.name))) out.push(`bgp status ${c.name} microsoft`);
  }
  for (const g of world.gateways) out.push(`gateway ${g.name}`, `fastpath ${g.name}`);
  for (const c of world.connections) out.push(`fastpath ${c.name}`);
  for (const vm of world.virtualMachines) {
    out.push(`check ${vm.name} 192.168.10.1:179`, `nexthop ${vm.name} 192.168.10.1`, `effective routes ${vm.name}`, `effective routes ${vm.name} 192.168.10.1`, `effective nsg ${vm.name}`);
  }
  out.push('circuits', 'help', 'help bgp status', 'about', 'agents', PASTED_COMPARE, LONG_MESSAGE, 'x'.repeat(5000), 'bgp stauts tokyo-er', 'arp table tokio-er');
  return out;
}

export interface DemoCard {
  text: string;
  locale: Locale;
  result: Result;
}
