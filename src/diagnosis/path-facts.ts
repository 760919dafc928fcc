/**
 * Facts about one path that several rules share: what the ARP table says about both routers, and what the
 * route table summary says about the BGP sessions. Pure; no judgement beyond classification.
 */
import type { ArpEntry, DevicePath, PeeringSnapshot, RouteSummaryEntry } from '../azure/snapshots.ts';
import { parseStatePfxRcd, parseUpDown, type BgpSession } from './bgp-state.ts';
import { addressFamily, peerAddresses, sameAddress, type PeerAddresses } from '../net/ip.ts';
import { isRead, pathObservation, type CircuitObservation, type PathObservation } from './observations.ts';

export function isMicrosoftEntry(e: ArpEntry): boolean {
  return /microsoft/i.test(e.interface ?? '');
}

export function isOnPremEntry(e: ArpEntry): boolean {
  return /on[-\s_]?prem/i.test(e.interface ?? '');
}

/** An ARP entry without a usable MAC: empty, "Incomplete", "(incomplete)", dashes, or all zeros. */
export function isIncompleteMac(mac: string | undefined): boolean {
  const m = (mac ?? '').trim();
  if (m === '' || /incomplete/i.test(m) || /^[-:.]+$/.test(m)) return true;
  return /^[0:.\-]+$/.test(m);
}

/** The peering subnet of a path for an address family (IPv4 prefixes, or the IPv6 ones for IPv6). */
export function pathPrefix(peering: PeeringSnapshot | undefined, path: DevicePath, family: 4 | 6 = 4): string | undefined {
  if (!peering) return undefined;
  if (family === 6) return path === 'primary' ? peering.ipv6?.primaryPeerAddressPrefix : peering.ipv6?.secondaryPeerAddressPrefix;
  return path === 'primary' ? peering.primaryPeerAddressPrefix : peering.secondaryPeerAddressPrefix;
}

export function expectedAddresses(peering: PeeringSnapshot | undefined, path: DevicePath, family: 4 | 6 = 4): PeerAddresses | undefined {
  return peerAddresses(pathPrefix(peering, path, family));
}

/** `unknown`: no complete on-premises entry, but an entry whose interface or MAC ARM did not give might be one. */
export type ArpStatus = 'empty' | 'onprem-missing' | 'unexpected-ip' | 'ok' | 'unknown';

export interface UnexpectedOnPrem {
  entry: ArpEntry;
  /** What this path's subnet expects for the on-premises router. */
  expected: string;
  prefix: string;
  /** The address is the other path's expected on-premises address: the /30s are swapped. */
  swapped: boolean;
  /** The address is Microsoft's own address in this subnet: an address conflict. */
  conflictsWithMicrosoft: boolean;
}

export interface ArpFacts {
  path: DevicePath;
  entries: ArpEntry[];
  microsoft: ArpEntry[];
  onPrem: ArpEntry[];
  onPremComplete: ArpEntry[];
  onPremIncomplete: ArpEntry[];
  /** Expected addresses of this path's IPv4 subnet, when the peering has one. */
  expected?: PeerAddresses;
  prefix?: string;
  unexpected: UnexpectedOnPrem[];
  /** Entries whose interface, or (on-premises or unknown interface) MAC, ARM did not give. */
  missing: ArpEntry[];
  status: ArpStatus;
}

export function arpFacts(peering: PeeringSnapshot | undefined, path: DevicePath, entries: readonly ArpEntry[]): ArpFacts {
  const microsoft = entries.filter(isMicrosoftEntry);
  const onPrem = entries.filter(isOnPremEntry);
  const onPremComplete = onPrem.filter((e) => e.macAddress !== undefined && !isIncompleteMac(e.macAddress));
  const onPremIncomplete = onPrem.filter((e) => e.macAddress !== undefined && isIncompleteMac(e.macAddress));
  // Could be the on-premises router's answer, but ARM left out what would tell: the interface or the MAC.
  const missing = entries.filter(
    (e) => !isMicrosoftEntry(e) && (e.interface === undefined || e.macAddress === undefined) && (e.macAddress === undefined || !isIncompleteMac(e.macAddress)),
  );
  const unexpected: UnexpectedOnPrem[] = [];
  for (const e of onPremComplete) {
    const family = addressFamily(e.ipAddress) ?? 4;
    const prefix = pathPrefix(peering, path, family);
    const mine = peerAddresses(prefix);
    if (!prefix || !mine || sameAddress(e.ipAddress, mine.onPrem)) continue;
    const other = expectedAddresses(peering, path === 'primary' ? 'secondary' : 'primary', family);
    unexpected.push({
      entry: e,
      expected: mine.onPrem,
      prefix,
      swapped: other !== undefined && sameAddress(e.ipAddress, other.onPrem),
      conflictsWithMicrosoft: sameAddress(e.ipAddress, mine.microsoft),
    });
  }
  const status: ArpStatus =
    entries.length === 0
      ? 'empty'
      : onPremComplete.length === 0
        ? missing.length > 0
          ? 'unknown'
          : 'onprem-missing'
        : unexpected.length > 0
          ? 'unexpected-ip'
          : 'ok';
  const facts: ArpFacts = { path, entries: [...entries], microsoft, onPrem, onPremComplete, onPremIncomplete, unexpected, missing, status };
  const prefix = pathPrefix(peering, path);
  const expected = peerAddresses(prefix);
  if (prefix) facts.prefix = prefix;
  if (expected) facts.expected = expected;
  return facts;
}

/** ARP facts of a path whose ARP table was read; undefined when it was not (or failed). */
export function arpFactsOf(peering: PeeringSnapshot | undefined, p: PathObservation | undefined): ArpFacts | undefined {
  return p && isRead(p.arp) ? arpFacts(peering, p.path, p.arp.value) : undefined;
}

export interface NeighborFacts {
  entry: RouteSummaryEntry;
  neighbor: string;
  session: BgpSession | undefined;
  upDownSeconds: number | undefined;
}

export interface BgpFacts {
  path: DevicePath;
  neighbors: NeighborFacts[];
  /** Neighbors whose state is a word (down). */
  down: NeighborFacts[];
  /** Neighbors with a prefix count. */
  established: NeighborFacts[];
  /** Neighbors whose state (statePfxRcd) ARM did not give: neither up nor down, unknown. */
  unknownState: NeighborFacts[];
  /** Established neighbors whose up/down time ARM did not give (or that cannot be read): a flap cannot be ruled out. */
  unknownUpDown: NeighborFacts[];
  /** At least one neighbor and every one of them Established. */
  allEstablished: boolean;
  /** Sum of prefixes received over the Established neighbors. */
  prefixes: number;
}

export function bgpFacts(path: DevicePath, entries: readonly RouteSummaryEntry[]): BgpFacts {
  const neighbors = entries.map((entry): NeighborFacts => ({
    entry,
    neighbor: entry.neighbor ?? '',
    session: parseStatePfxRcd(entry.statePfxRcd),
    upDownSeconds: parseUpDown(entry.upDown),
  }));
  const down = neighbors.filter((n) => n.session !== undefined && !n.session.established);
  const established = neighbors.filter((n) => n.session?.established === true);
  const prefixes = established.reduce((sum, n) => sum + (n.session?.established ? n.session.prefixes : 0), 0);
  return {
    path,
    neighbors,
    down,
    established,
    unknownState: neighbors.filter((n) => n.session === undefined),
    unknownUpDown: established.filter((n) => n.upDownSeconds === undefined),
    allEstablished: neighbors.length > 0 && established.length === neighbors.length,
    prefixes,
  };
}

export function bgpFactsOf(p: PathObservation | undefined): BgpFacts | undefined {
  return p && isRead(p.summary) ? bgpFacts(p.path, p.summary.value) : undefined;
}

export type PathHealth = 'healthy' | 'broken' | 'unknown';

/**
 * Whether a path carries traffic, as far as the data shows: BGP decides when the summary was read (every
 * neighbor Established = healthy); without it, a broken ARP table still proves the path broken.
 */
export function pathHealth(obs: CircuitObservation, peering: PeeringSnapshot | undefined, path: DevicePath): PathHealth {
  const p = pathObservation(obs, path);
  if (!p) return 'unknown';
  const bgp = bgpFactsOf(p);
  if (bgp) return bgp.allEstablished ? 'healthy' : bgp.neighbors.length === 0 || bgp.down.length > 0 ? 'broken' : 'unknown';
  const arp = arpFactsOf(peering, p);
  // An ARP table that could not be judged (values Azure did not give) proves nothing either way.
  if (arp && arp.status !== 'ok' && arp.status !== 'unknown') return 'broken';
  return 'unknown';
}
