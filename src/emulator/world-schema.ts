/**
 * The zod schema of an emulator world file. The World type, the loader's validation and the committed JSON
 * Schema (world.schema.json, for editors) all come from here, so they cannot drift apart.
 *
 * Shapes follow the ARM wire format where the emulator passes data through (ARP entries, route tables, BGP
 * peer status, connectivity results), so a world author can copy what real ARM returns. Everything else is
 * the smallest description the emulator can turn into full ARM resources (see wire.ts).
 *
 * No transforms here: z.toJSONSchema cannot represent them. Normalising and cross-reference checks live in
 * world.ts. Objects with inner defaults use `.prefault({})` (zod 4's `.default({})` would skip the inner defaults).
 */
import { z } from 'zod';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CIDR_RE = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

const guid = z.string().regex(GUID_RE, 'must be a GUID (8-4-4-4-12 hex digits)');
const armName = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_.()-]+$/, 'must be an ARM resource name (letters, digits, - _ . ( ))');
const cidr = z.string().regex(CIDR_RE, 'must be an IPv4 prefix like 10.1.0.0/24');
const count = z.number().int().min(0);
const asn = z.number().int().min(1).max(4294967295);

/** Operation names of the POST long-running operations; also the keys of LRO durations and styles. */
export const LRO_OPERATIONS = [
  'arpTable',
  'routeTable',
  'routeTableSummary',
  'gateways.bgpPeerStatus',
  'gateways.learnedRoutes',
  'gateways.advertisedRoutes',
  'nw.connectivityCheck',
  'nw.ipFlowVerify',
  'nw.nextHop',
  'nics.effectiveRouteTable',
  'nics.effectiveNsg',
] as const;
export type LroOperation = (typeof LRO_OPERATIONS)[number];

/** How long each kind of operation runs before its result is ready (ms, before lroDurationScale). */
export const DEFAULT_LRO_DURATIONS_MS: Readonly<Record<LroOperation, number>> = {
  arpTable: 1500,
  routeTable: 2500,
  routeTableSummary: 1500,
  'gateways.bgpPeerStatus': 2000,
  'gateways.learnedRoutes': 2000,
  'gateways.advertisedRoutes': 2000,
  'nw.connectivityCheck': 3000,
  'nw.ipFlowVerify': 3000,
  'nw.nextHop': 3000,
  'nics.effectiveRouteTable': 2000,
  'nics.effectiveNsg': 2000,
};

const lroOperation = z.enum(LRO_OPERATIONS);
export const lroStyleSchema = z
  .enum(['location', 'async', 'sync'])
  .describe(
    'location: 202 + Location, poll 202 then 200 + body. async: 202 + Azure-AsyncOperation + Location, the async URL ' +
      'reports InProgress/Succeeded/Failed, then Location gives the body. sync: 200 with the body.',
  );
export type LroStyle = z.infer<typeof lroStyleSchema>;

const lroOverride = z
  .strictObject({
    style: lroStyleSchema.optional().describe('Style for every LRO on this resource.'),
    styles: z.partialRecord(lroOperation, lroStyleSchema).optional().describe('Style per operation.'),
    durationsMs: z.partialRecord(lroOperation, count).optional().describe('Duration per operation, in ms.'),
  })
  .describe('Per-resource LRO settings; they win over settings.lro.')
  .meta({ id: 'LroOverride' });
export type LroOverride = z.infer<typeof lroOverride>;

const armErrorSpec = z
  .strictObject({
    status: z.number().int().min(400).max(599).default(400),
    code: z.string().min(1),
    message: z.string().min(1),
  })
  .describe('An ARM error: HTTP status and the {error:{code,message}} body.')
  .meta({ id: 'ArmError' });
export type ArmErrorSpec = z.output<typeof armErrorSpec>;

// ---------------------------------------------------------------- settings

const bucket = (burst: number, refillPerSecond: number) =>
  z
    .strictObject({
      burst: z.number().int().min(1).default(burst),
      refillPerSecond: z.number().min(0).default(refillPerSecond),
    })
    .prefault({});

const settings = z
  .strictObject({
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(5)
      .describe('Items per page of every list; nextLink carries $skiptoken to the next page.'),
    seed: z.number().int().default(1).describe('Seed of the PRNG behind probabilistic faults and oneOf answers.'),
    principal: z
      .strictObject({
        clientId: guid.default('5f6e7d8c-0b1a-4c3d-9e8f-a1b2c3d4e5f6'),
        objectId: guid.default('0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6'),
      })
      .prefault({})
      .describe('The identity named in AuthorizationFailed messages.'),
    lro: z
      .strictObject({
        style: lroStyleSchema.default('location'),
        styles: z.partialRecord(lroOperation, lroStyleSchema).default({}),
        durationsMs: z
          .partialRecord(lroOperation, count)
          .default({})
          .describe('Overrides of the built-in durations (ARP 1500, routes 2500, summary 1500, BGP 2000, NW 3000...).'),
        retryAfterSeconds: count
          .optional()
          .describe('Retry-After on 202 answers; absent = none, so the client uses its own poll interval.'),
        failure: armErrorSpec
          .prefault({ status: 500, code: 'InternalServerError', message: 'An error occurred while processing the operation.' })
          .describe('Error of an LRO failed by an lro-fail fault that names none.'),
      })
      .prefault({}),
    rateLimits: z
      .strictObject({
        enabled: z.boolean().default(true),
        reads: bucket(250, 25).describe('Token bucket for GETs, per subscription.'),
        writes: bucket(200, 10).describe('Token bucket for POST/PUT/PATCH/DELETE, per subscription.'),
      })
      .prefault({}),
  })
  .prefault({});

// ---------------------------------------------------------------- subscriptions

const resourceGroup = z.strictObject({ name: armName, location: z.string().min(1) });

const subscription = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  tenantId: guid.default('72f988bf-0000-4000-8000-0000000000aa'),
  state: z.enum(['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted']).default('Enabled'),
  resourceGroups: z.array(resourceGroup).default([]),
}).meta({ id: 'Subscription' });

/** Where a resource lives; every top-level resource has these. */
const placed = {
  subscriptionId: guid,
  resourceGroup: armName,
  name: armName,
  location: z.string().min(1),
  tags: z.record(z.string(), z.string()).optional(),
};

// ---------------------------------------------------------------- circuits

const arpEntry = z
  .strictObject({
    age: count.default(0),
    interface: z.string().describe('On-Prem or Microsoft'),
    ipAddress: z.string(),
    macAddress: z.string().describe('aaaa.bbbb.cccc, or e.g. "Incomplete"'),
  })
  .meta({ id: 'ArpEntry' });

const circuitRoute = z.strictObject({
  network: z.string(),
  nextHop: z.string(),
  locPrf: z.string().default(''),
  weight: z.number().int().default(0),
  path: z.string().default(''),
});

const circuitRouteGenerator = z
  .strictObject({
    generate: z.strictObject({
      count: z.number().int().min(0).max(200_000),
      start: cidr.describe('First prefix; each next one is the following block of the same length.'),
      nextHop: z.string(),
      asPath: z.string().default(''),
      locPrf: z.string().default(''),
      weight: z.number().int().default(0),
    }),
  })
  .describe('Generates `count` consecutive prefixes, so big tables do not bloat the file.')
  .meta({ id: 'CircuitRouteGenerator' });

const circuitRoutes = z
  .union([circuitRouteGenerator, z.array(z.union([circuitRoute, circuitRouteGenerator]))])
  .meta({ id: 'CircuitRoutes' })
  .default([]);

const routeSummaryEntry = z.strictObject({
  neighbor: z.string(),
  v: z.number().int().default(4),
  as: asn,
  upDown: z.string().describe('"never", "00:09:35", "1d02h"...'),
  statePfxRcd: z.string().describe('A prefix count (Established) or a BGP state word (Idle, Active, Connect...).'),
});

const devicePathData = z
  .strictObject({
    arp: z.array(arpEntry).default([]),
    routes: circuitRoutes,
    routeSummary: z.array(routeSummaryEntry).default([]),
  })
  .meta({ id: 'DevicePathData' })
  .prefault({});

const circuitStats = z
  .strictObject({
    primarybytesIn: count.default(0),
    primarybytesOut: count.default(0),
    secondarybytesIn: count.default(0),
    secondarybytesOut: count.default(0),
  })
  .describe('Byte counters as ARM names them (lower-case "bytes").')
  .meta({ id: 'CircuitStats' });

const microsoftPeeringConfig = z
  .strictObject({
    advertisedPublicPrefixes: z.array(z.string()).default([]),
    advertisedCommunities: z.array(z.string()).optional(),
    advertisedPublicPrefixesState: z.string().default('Configured'),
    customerASN: z.number().int().optional(),
    routingRegistryName: z.string().optional(),
    legacyMode: z.number().int().optional(),
  })
  .meta({ id: 'MicrosoftPeeringConfig' });

const peering = z.strictObject({
  name: z.enum(['AzurePrivatePeering', 'MicrosoftPeering', 'AzurePublicPeering']),
  state: z.enum(['Enabled', 'Disabled']).default('Enabled'),
  provisioningState: z.string().default('Succeeded'),
  azureASN: asn.default(12076),
  peerASN: asn,
  primaryPeerAddressPrefix: cidr,
  secondaryPeerAddressPrefix: cidr,
  primaryAzurePort: z.string().optional(),
  secondaryAzurePort: z.string().optional(),
  vlanId: z.number().int().min(1).max(4094),
  sharedKey: z.string().optional().describe('MD5 key. A secret: ARM returns it, the bot must never show it.'),
  microsoftPeeringConfig: microsoftPeeringConfig.optional(),
  ipv6PeeringConfig: z
    .strictObject({
      primaryPeerAddressPrefix: z.string(),
      secondaryPeerAddressPrefix: z.string(),
      state: z.enum(['Enabled', 'Disabled']).default('Enabled'),
      microsoftPeeringConfig: microsoftPeeringConfig.optional(),
    })
    .optional(),
  stats: circuitStats.prefault({}),
  paths: z
    .strictObject({ primary: devicePathData, secondary: devicePathData })
    .prefault({})
    .describe('What the ARP table, route table and route table summary calls return, per device path.'),
}).meta({ id: 'Peering' });

const circuit = z.strictObject({
  ...placed,
  sku: z.strictObject({
    tier: z.enum(['Standard', 'Premium', 'Basic', 'Local']),
    family: z.enum(['MeteredData', 'UnlimitedData']),
    name: z.string().optional().describe('Default: {tier}_{family}'),
  }),
  circuitProvisioningState: z.string().default('Enabled'),
  serviceProviderProvisioningState: z
    .enum(['NotProvisioned', 'Provisioning', 'Provisioned', 'Deprovisioning', 'DeProvisioned'])
    .default('Provisioned'),
  provisioningState: z.string().default('Succeeded'),
  serviceKey: guid.describe('A secret: the bot shows it masked only.'),
  serviceProviderNotes: z.string().optional(),
  serviceProviderProperties: z
    .strictObject({
      serviceProviderName: z.string(),
      peeringLocation: z.string(),
      bandwidthInMbps: z.number().int().min(1),
    })
    .optional()
    .describe('Provider circuits. ExpressRoute Direct circuits set expressRoutePort and bandwidthInGbps instead.'),
  expressRoutePort: z.string().optional().describe('ARM id of the ExpressRoute Direct port.'),
  bandwidthInGbps: z.number().optional(),
  globalReachEnabled: z.boolean().default(false),
  allowClassicOperations: z.boolean().default(false),
  authorizations: z
    .array(
      z.strictObject({
        name: armName,
        authorizationKey: z.string().optional(),
        authorizationUseStatus: z.enum(['Available', 'InUse']).default('Available'),
      }),
    )
    .default([]),
  stats: circuitStats.optional().describe('Circuit-level stats; default: the sum of the peerings.'),
  peerings: z.array(peering).default([]),
  lro: lroOverride.optional(),
}).meta({ id: 'Circuit' });

// ---------------------------------------------------------------- gateways and connections

const bgpPeer = z.strictObject({
  localAddress: z.string(),
  neighbor: z.string(),
  asn,
  state: z.enum(['Unknown', 'Stopped', 'Idle', 'Connecting', 'Connected']),
  connectedDuration: z.string().default(''),
  routesReceived: count.default(0),
  messagesSent: count.default(0),
  messagesReceived: count.default(0),
}).meta({ id: 'BgpPeerStatus' });

const gatewayRoute = z.strictObject({
  localAddress: z.string(),
  network: z.string(),
  nextHop: z.string().default(''),
  sourcePeer: z.string().default(''),
  origin: z.string().describe('EBgp, IBgp, Network...'),
  asPath: z.string().default(''),
  weight: z.number().int().default(0),
}).meta({ id: 'GatewayRoute' });

const gatewayRouteGenerator = z.strictObject({
  generate: z.strictObject({
    count: z.number().int().min(0).max(200_000),
    start: cidr,
    localAddress: z.string(),
    nextHop: z.string(),
    sourcePeer: z.string(),
    origin: z.string().default('EBgp'),
    asPath: z.string().default(''),
    weight: z.number().int().default(32769),
  }),
}).meta({ id: 'GatewayRouteGenerator' });

const gatewayRoutes = z
  .union([gatewayRouteGenerator, z.array(z.union([gatewayRoute, gatewayRouteGenerator]))])
  .meta({ id: 'GatewayRoutes' })
  .default([]);

const gateway = z.strictObject({
  ...placed,
  gatewayType: z.enum(['ExpressRoute', 'Vpn', 'LocalGateway']).default('ExpressRoute'),
  sku: z.strictObject({
    name: z.string().describe('Standard, HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale...'),
    tier: z.string().optional().describe('Default: the name.'),
    capacity: z.number().int().optional(),
  }),
  autoScaleConfiguration: z
    .strictObject({ bounds: z.strictObject({ min: count, max: count }) })
    .optional()
    .describe('ErGwScale scale units.'),
  vnet: armName.describe('Name of the virtual network (same subscription) whose GatewaySubnet holds the gateway.'),
  activeActive: z.boolean().default(false),
  bgpSettings: z
    .strictObject({
      asn: asn.default(65515),
      bgpPeeringAddress: z.string().optional(),
      peerWeight: z.number().int().default(0),
    })
    .prefault({}),
  provisioningState: z.string().default('Succeeded'),
  bgpPeers: z.array(bgpPeer).default([]).describe('What getBgpPeerStatus returns.'),
  learnedRoutes: gatewayRoutes.describe('What getLearnedRoutes returns.'),
  advertisedRoutes: z
    .array(z.strictObject({ peer: z.string(), routes: gatewayRoutes }))
    .default([])
    .describe('What getAdvertisedRoutes?peer= returns, per peer address.'),
  lro: lroOverride.optional(),
}).meta({ id: 'Gateway' });

const connection = z.strictObject({
  ...placed,
  connectionType: z.enum(['ExpressRoute', 'IPsec', 'Vnet2Vnet', 'VPNClient']).default('ExpressRoute'),
  gateway: z.string().min(1).describe('Gateway name (same subscription) or ARM id.'),
  circuit: z.string().min(1).optional().describe('Circuit name (any subscription, own first) or ARM id.'),
  routingWeight: z.number().int().default(0),
  expressRouteGatewayBypass: z.boolean().default(false).describe('FastPath.'),
  enablePrivateLinkFastPath: z.boolean().default(false),
  connectionStatus: z.enum(['Unknown', 'Connecting', 'Connected', 'NotConnected']).default('Connected'),
  provisioningState: z.string().default('Succeeded'),
  ingressBytesTransferred: count.default(0),
  egressBytesTransferred: count.default(0),
}).meta({ id: 'Connection' });

// ---------------------------------------------------------------- networks, VMs, NICs

const effectiveRoute = z.strictObject({
  name: z.string().optional(),
  source: z.enum(['Unknown', 'User', 'VirtualNetworkGateway', 'Default']),
  state: z.enum(['Active', 'Invalid']).default('Active'),
  addressPrefix: z.array(z.string()).min(1),
  nextHopIpAddress: z.array(z.string()).default([]),
  nextHopType: z.string().describe('VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance, None, VNetPeering...'),
  disableBgpRoutePropagation: z.boolean().default(false),
  routeTableId: z
    .string()
    .optional()
    .describe('Not sent with effective routes; next hop answers computed from this route report it.'),
}).meta({ id: 'EffectiveRoute' });

const securityRule = z.strictObject({
  name: z.string().describe('Rule name without the "securityRules/" prefix.'),
  protocol: z.enum(['Tcp', 'Udp', 'Icmp', 'All']).default('All'),
  sourcePortRange: z.string().default('0-65535'),
  destinationPortRange: z.string().default('0-65535'),
  sourceAddressPrefix: z.string().default('0.0.0.0/0'),
  destinationAddressPrefix: z.string().default('0.0.0.0/0'),
  access: z.enum(['Allow', 'Deny']),
  priority: z.number().int().min(100).max(4096),
  direction: z.enum(['Inbound', 'Outbound']),
}).meta({ id: 'SecurityRule' });

const virtualNetwork = z.strictObject({
  ...placed,
  addressSpace: z.array(cidr).min(1),
  subnets: z
    .array(
      z.strictObject({
        name: armName,
        addressPrefix: cidr,
        routeTable: z.string().optional().describe('Route table ARM id.'),
        networkSecurityGroup: z.string().optional().describe('NSG ARM id.'),
      }),
    )
    .default([]),
  peerings: z
    .array(
      z.strictObject({
        name: armName,
        remoteVirtualNetwork: z.string().describe('ARM id of the remote virtual network.'),
        peeringState: z.enum(['Initiated', 'Connected', 'Disconnected']).default('Connected'),
        allowVirtualNetworkAccess: z.boolean().default(true),
        allowForwardedTraffic: z.boolean().default(false),
        allowGatewayTransit: z.boolean().default(false),
        useRemoteGateways: z.boolean().default(false),
      }),
    )
    .default([]),
  effectiveRoutes: z
    .array(effectiveRoute)
    .optional()
    .describe('Effective routes of NICs in this network that declare none themselves.'),
}).meta({ id: 'VirtualNetwork' });

const nic = z.strictObject({
  name: armName,
  vnet: armName.describe('Virtual network name (same subscription).'),
  subnet: armName,
  privateIPAddress: z.string(),
  macAddress: z.string().optional(),
  enableAcceleratedNetworking: z.boolean().default(false),
  enableIPForwarding: z.boolean().default(false),
  effectiveRoutes: z.array(effectiveRoute).optional().describe('Default: the virtual network\'s effectiveRoutes.'),
  nsg: z
    .strictObject({ name: armName, rules: z.array(securityRule).default([]) })
    .optional()
    .describe('NSG on the NIC; the effective NSG adds Azure\'s default rules.'),
}).meta({ id: 'NetworkInterface' });

const virtualMachine = z.strictObject({
  ...placed,
  vmSize: z.string().default('Standard_D2s_v5'),
  osType: z.enum(['Linux', 'Windows']).default('Linux'),
  powerState: z.enum(['running', 'stopped', 'deallocated']).default('running'),
  networkWatcherAgent: z.boolean().default(true).describe('Whether the AzureNetworkWatcherExtension is installed.'),
  nics: z.array(nic).min(1).describe('NICs, in the VM\'s resource group; the first is primary.'),
  lro: lroOverride.optional(),
}).meta({ id: 'VirtualMachine' });

// ---------------------------------------------------------------- network watchers

const connectivityIssue = z.strictObject({
  origin: z.enum(['Local', 'Inbound', 'Outbound']),
  severity: z.enum(['Error', 'Warning']),
  type: z.string().describe('AgentStopped, GuestFirewall, DnsResolution, NetworkSecurityRule, UserDefinedRoute...'),
  context: z.array(z.record(z.string(), z.string())).default([]),
});

const connectivityResult = z.strictObject({
  connectionStatus: z
    .string()
    .min(1)
    .describe(
      'Sent as is. Documented: Connected, Disconnected, Degraded, Unknown (REST reference and SDK typings) and ' +
        'Reachable, Unreachable (what the service answers, e.g. Test-AzNetworkWatcherConnectivity); any other string ' +
        'plays an undocumented answer.',
    ),
  avgLatencyInMs: count.optional(),
  minLatencyInMs: count.optional(),
  maxLatencyInMs: count.optional(),
  probesSent: count.default(66),
  probesFailed: count.default(0),
  hops: z
    .array(
      z.strictObject({
        type: z.string().describe('Source, VirtualNetworkGateway, VirtualAppliance, VnetLocal, Internet, Destination...'),
        address: z.string().optional().describe('Default: the source NIC address / the asked destination.'),
        resourceId: z.string().optional().describe('Default for the Source hop: the VM id.'),
        issues: z.array(connectivityIssue).default([]),
      }),
    )
    .default([])
    .describe('Hop ids and nextHopIds are filled in by the emulator.'),
}).meta({ id: 'ConnectivityResult' });

/** How a canned answer is chosen: the first rule whose vm/destination match the request. */
const answerMatch = {
  vm: armName.optional().describe('Source (connectivity) or target (IP flow, next hop) VM name; absent = any VM.'),
  destination: z
    .string()
    .optional()
    .describe('"ip:port", "ip" (any port) or a VM name; absent = any destination.'),
};

const exactlyOneAnswer = (a: { result?: unknown; oneOf?: unknown; error?: unknown }) =>
  [a.result, a.oneOf, a.error].filter((x) => x !== undefined).length === 1;

const connectivityRule = z
  .strictObject({
    ...answerMatch,
    result: connectivityResult.optional(),
    oneOf: z.array(connectivityResult).min(1).optional().describe('Picked per request by the seeded PRNG (flaky paths).'),
    error: armErrorSpec.optional().describe('The LRO fails with this error.'),
  })
  .refine(exactlyOneAnswer, { message: 'give exactly one of result, oneOf, error' });

const ipFlowRule = z
  .strictObject({
    ...answerMatch,
    direction: z.enum(['Inbound', 'Outbound']).optional(),
    result: z.strictObject({ access: z.enum(['Allow', 'Deny']), ruleName: z.string() }).optional(),
    error: armErrorSpec.optional(),
  })
  .refine(exactlyOneAnswer, { message: 'give exactly one of result, error' });

const nextHopRule = z
  .strictObject({
    ...answerMatch,
    result: z
      .strictObject({
        nextHopType: z.string(),
        nextHopIpAddress: z.string().optional(),
        routeTableId: z.string().optional(),
      })
      .optional(),
    error: armErrorSpec.optional(),
  })
  .refine(exactlyOneAnswer, { message: 'give exactly one of result, error' });

const networkWatcher = z.strictObject({
  ...placed,
  provisioningState: z.string().default('Succeeded'),
  connectivity: z
    .array(connectivityRule)
    .default([])
    .describe('Canned connectivity check answers; none matching = Connected through the source hop.'),
  ipFlowVerify: z.array(ipFlowRule).default([]).describe('None matching = Allow by the default rule of the direction.'),
  nextHop: z.array(nextHopRule).default([]).describe('None matching = longest-prefix match over the NIC\'s effective routes.'),
}).meta({ id: 'NetworkWatcher' });

// ---------------------------------------------------------------- access and faults

const forbidden = z
  .strictObject({
    scope: z.string().min(1).describe('ARM id prefix: a subscription, a resource group, a resource, a child resource.'),
    actions: z
      .array(z.string())
      .optional()
      .describe('Denied actions, e.g. Microsoft.Network/expressRouteCircuits/peerings/arpTables/action; absent = all.'),
  })
  .describe('Answer 403 AuthorizationFailed for these actions under this scope.')
  .meta({ id: 'Forbidden' });

const faultMatch = {
  id: z.string().optional(),
  description: z.string().optional(),
  method: z.string().optional().describe('GET, POST...'),
  operation: z
    .string()
    .optional()
    .describe('Operation name, e.g. arpTable or circuits.get; a trailing * matches a prefix (gateways.*).'),
  pathIncludes: z.string().optional().describe('Case-insensitive substring of the request path.'),
  count: z.number().int().min(1).optional().describe('Apply to the next N matching requests, then disable.'),
  probability: z.number().min(0).max(1).optional().describe('Apply with this probability (seeded PRNG).'),
};

const errorFields = {
  status: z.number().int().min(400).max(599).optional(),
  code: z.string().optional(),
  message: z.string().optional(),
};

export const faultRuleSchema = z
  .discriminatedUnion('kind', [
  z
    .strictObject({
      ...faultMatch,
      kind: z.literal('throttle'),
      ...errorFields,
      retryAfterSeconds: count.optional().describe('Send Retry-After (seconds).'),
      retryAfterMs: count.optional().describe('Send retry-after-ms. Neither = no retry header (the SDK does not retry).'),
    })
    .describe('429 SubscriptionRequestsThrottled (or the given status/code).'),
  z
    .strictObject({ ...faultMatch, kind: z.literal('error'), ...errorFields })
    .describe('Answer with this error (default 500 InternalServerError).'),
  z
    .strictObject({ ...faultMatch, kind: z.literal('slow'), delayMs: count })
    .describe('Delay the answer by delayMs.'),
  z
    .strictObject({ ...faultMatch, kind: z.literal('lro-fail'), ...errorFields })
    .describe('The LRO started by the matching POST fails (default: settings.lro.failure).'),
  z.strictObject({ ...faultMatch, kind: z.literal('lro-never') }).describe('The LRO stays InProgress forever.'),
  z.strictObject({ ...faultMatch, kind: z.literal('drop') }).describe('Destroy the socket without answering.'),
  z
    .strictObject({
      ...faultMatch,
      kind: z.literal('replace-body'),
      body: z.json().describe('The JSON sent instead, as it is: {}, [], an object without `value`, anything.'),
    })
    .describe(
      'Answer 200 with this body instead of the real one (a request that starts an LRO: the operation still runs, and ' +
        'this is its result). For answers that do not have the shape ARM documents.',
    ),
  ])
  .meta({ id: 'FaultRule' });
/** A fault as written in a world file or passed to faults.add (defaults still optional). */
export type FaultRule = z.input<typeof faultRuleSchema>;

// ---------------------------------------------------------------- the world

export const worldSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    settings,
    subscriptions: z.array(subscription).min(1),
    circuits: z.array(circuit).default([]),
    gateways: z.array(gateway).default([]),
    connections: z.array(connection).default([]),
    virtualNetworks: z.array(virtualNetwork).default([]),
    virtualMachines: z.array(virtualMachine).default([]),
    networkWatchers: z.array(networkWatcher).default([]),
    forbidden: z.array(forbidden).default([]),
    faults: z.array(faultRuleSchema).default([]).describe('Faults active from the start.'),
  })
  .describe('A NetOps ARM emulator world: the subscriptions and resources the emulator serves.');

export type World = z.output<typeof worldSchema>;
export type WorldInput = z.input<typeof worldSchema>;
export type WorldSettings = World['settings'];
export type WorldSubscription = World['subscriptions'][number];
export type WorldCircuit = World['circuits'][number];
export type WorldPeering = WorldCircuit['peerings'][number];
export type WorldDevicePath = WorldPeering['paths']['primary'];
export type WorldCircuitStats = WorldPeering['stats'];
export type WorldCircuitRoutes = WorldDevicePath['routes'];
export type WorldGateway = World['gateways'][number];
export type WorldGatewayRoutes = WorldGateway['learnedRoutes'];
export type WorldConnection = World['connections'][number];
export type WorldVirtualNetwork = World['virtualNetworks'][number];
export type WorldVirtualMachine = World['virtualMachines'][number];
export type WorldNic = WorldVirtualMachine['nics'][number];
export type WorldEffectiveRoute = NonNullable<WorldNic['effectiveRoutes']>[number];
export type WorldNetworkWatcher = World['networkWatchers'][number];
export type WorldConnectivityResult = NonNullable<WorldNetworkWatcher['connectivity'][number]['result']>;
export type WorldForbidden = World['forbidden'][number];

/** The JSON Schema committed as world.schema.json (input side: fields with defaults are optional). */
export function worldJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(worldSchema, { io: 'input' }) as Record<string, unknown>;
}
