/** A small, fake command set and context for engine tests: the shapes of the real ExpressRoute commands. */
import { AzureError } from '../../src/azure/errors.ts';
import type { AzureReader } from '../../src/azure/reader.ts';
import { newResult } from '../../src/commands/result.ts';
import type { CommandContext, CommandSpec, ParamSpec } from '../../src/commands/types.ts';
import { loadConfig } from '../../src/config.ts';
import { translator, type Locale } from '../../src/i18n/index.ts';

const circuit: ParamSpec = { name: 'circuit', kind: { type: 'name', resource: 'circuit' }, required: true, remember: 'circuit' };
const peering: ParamSpec = {
  name: 'peering',
  kind: { type: 'enum', values: { private: 'AzurePrivatePeering', azureprivatepeering: 'AzurePrivatePeering', microsoft: 'MicrosoftPeering', microsoftpeering: 'MicrosoftPeering' } },
  default: 'AzurePrivatePeering',
  remember: 'peering',
};
const path: ParamSpec = { name: 'path', kind: { type: 'enum', values: { primary: 'primary', secondary: 'secondary', both: 'both' } }, default: 'both' };
const page: ParamSpec = { name: 'page', kind: { type: 'int', min: 1 }, keyword: 'page' };

/** Echoes its arguments in `data.args`, so tests see exactly what was bound. */
function echo(name: string): CommandSpec['run'] {
  return async (args) => newResult(name, { target: typeof args.circuit === 'string' ? args.circuit : undefined, data: { args: { ...args } } });
}

export const bgpStatus: CommandSpec = {
  name: 'bgp status',
  id: 'bgp-status',
  aliases: ['bgp', 'bgp summary'],
  params: [circuit, peering],
  examples: ['bgp status tokyo-er', 'bgp status tokyo-er microsoft'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => `Reading BGP of ${String(args.circuit)} (${t('common:resource.circuit')})`,
  run: echo('bgp status'),
};

export const arpTable: CommandSpec = {
  name: 'arp table',
  id: 'arp-table',
  aliases: ['arp'],
  params: [circuit, peering, path, page],
  examples: ['arp table tokyo-er secondary'],
  sideEffects: false,
  calls: 'azure',
  run: echo('arp table'),
};

export const routesSummary: CommandSpec = {
  name: 'routes summary',
  id: 'routes-summary',
  aliases: ['routes'],
  params: [circuit, { name: 'prefix', kind: { type: 'cidr' } }],
  examples: ['routes summary tokyo-er 10.20.0.0/16'],
  sideEffects: false,
  calls: 'azure',
  run: echo('routes summary'),
};

export const latencyCompare: CommandSpec = {
  name: 'latency compare',
  id: 'fake-latency-compare', // not the real command's id, so it stays a command without help texts
  aliases: [],
  params: [
    { name: 'a', kind: { type: 'name', resource: 'target' }, required: true },
    { name: 'b', kind: { type: 'name', resource: 'target' }, required: true },
    { name: 'n', kind: { type: 'int', min: 1, max: 100 }, keyword: 'n', default: '10' },
    { name: 'from', kind: { type: 'name', resource: 'agent' }, keyword: 'from' },
  ],
  examples: ['latency compare vm-a vm-b n 20 from agent-a'],
  sideEffects: false,
  calls: 'probe',
  run: async (args) => newResult('latency compare', { data: { args: { ...args } } }),
};

export const pspingParse: CommandSpec = {
  name: 'psping parse',
  id: 'psping-parse',
  aliases: [],
  params: [
    { name: 'from', kind: { type: 'name', resource: 'agent' }, keyword: 'from' },
    { name: 'log', kind: { type: 'rest' }, required: true },
  ],
  examples: ['psping parse from agent-a TCP connect to 10.0.0.4:443'],
  sideEffects: false,
  calls: 'none',
  run: async (args) => newResult('psping parse', { data: { args: { ...args } } }),
};

/** Throws whatever `failWith` holds, to exercise the engine's error conversion. */
export const failing = { next: undefined as unknown };
export const boom: CommandSpec = {
  name: 'boom',
  id: 'boom',
  aliases: [],
  params: [{ name: 'circuit', kind: { type: 'name', resource: 'circuit' }, remember: 'circuit' }],
  examples: ['boom tokyo-er'],
  sideEffects: false,
  calls: 'azure',
  run: async () => {
    throw failing.next;
  },
};

export const FAKE_SPECS: readonly CommandSpec[] = [bgpStatus, arpTable, routesSummary, latencyCompare, pspingParse, boom];

export function fakeAzure(simulated = true): AzureReader {
  const unused = async () => {
    throw new AzureError('azure-failure', 'not used in this test');
  };
  return {
    simulated,
    endpoint: 'https://127.0.0.1:8443',
    subscriptionIds: ['00000000-0000-4000-8000-000000000001'],
    listCircuits: async () => [],
    resolveCircuit: unused,
    getCircuit: unused,
    getServiceKey: unused,
    getVirtualNetwork: unused,
    getCircuitStats: unused,
    getArpTable: unused,
    getRouteTable: unused,
    getRouteSummary: unused,
    readPaths: unused,
    listGateways: unused,
    resolveGateway: unused,
    getBgpPeerStatus: unused,
    getLearnedRoutes: unused,
    listConnections: unused,
    resolveConnection: unused,
    listVirtualMachines: unused,
    resolveVirtualMachine: unused,
    listNetworkInterfaces: unused,
    resolveNetworkInterface: unused,
    listNetworkWatchers: unused,
    checkConnectivity: unused,
    verifyIpFlow: unused,
    getNextHop: unused,
    getEffectiveRoutes: unused,
    getEffectiveSecurityGroups: unused,
    health: async () => ({ ok: true, detail: 'fake' }),
  } as AzureReader;
}

export function makeContext(commands: readonly CommandSpec[], locale: Locale = 'en', conversationId = 'conv-1'): CommandContext {
  return {
    locale,
    t: translator(locale),
    requester: { id: 'user-1', name: 'Aiko' },
    conversationId,
    services: { azure: fakeAzure(), config: loadConfig({}), version: '0.1.0-test' },
    commands,
  };
}
