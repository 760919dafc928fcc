/**
 * What a running command has read from Azure so far, and what it still waits for: "ARP primary ✓, ARP
 * secondary …, routes …". The host wraps the command's Azure reader with `trackReads`; every read that takes
 * part in a diagnosis is listed under a short label, with its state. Platform-free: the host decides when to
 * show it (on the "working" card) and how often.
 */
import type { AzureReader } from '../azure/reader.ts';

export type ReadState = 'waiting' | 'done' | 'failed';

export interface ReadProgress {
  /** i18n key under `host:progress.read.` and its arguments, e.g. { key: 'arp', path: 'primary' }. */
  key: string;
  path?: string;
  state: ReadState;
}

export interface Progress {
  reads: ReadProgress[];
  /** Azure is throttling the command's reads: when the current wait ends (ms since epoch). */
  throttledUntil?: number;
}

/**
 * The reads worth naming, by reader method. Look-ups by name (resolve*, list*) are quick and not listed: the
 * engineer cares about the slow reads the verdict waits for.
 */
const LABELS: Readonly<Record<string, { key: string; pathArg?: number }>> = {
  getCircuit: { key: 'circuit' },
  getCircuitStats: { key: 'stats' },
  getArpTable: { key: 'arp', pathArg: 2 },
  getRouteTable: { key: 'routes', pathArg: 2 },
  getRouteSummary: { key: 'routeSummary', pathArg: 2 },
  getBgpPeerStatus: { key: 'bgpPeers' },
  getLearnedRoutes: { key: 'learnedRoutes' },
  getVirtualNetwork: { key: 'vnet' },
  checkConnectivity: { key: 'connectivity' },
  verifyIpFlow: { key: 'ipFlow' },
  getNextHop: { key: 'nextHop' },
  getEffectiveRoutes: { key: 'effectiveRoutes' },
  getEffectiveSecurityGroups: { key: 'effectiveNsgs' },
};

/**
 * A reader that reports each labelled read as it starts and ends. `onChange` is called synchronously after
 * every change with the whole picture so far; the same read asked twice (a cache hit, a retry) is one line.
 */
export function trackReads(reader: AzureReader, onChange: (p: Progress) => void): AzureReader {
  const reads = new Map<string, ReadProgress>();
  const report = () => onChange({ reads: [...reads.values()].map((r) => ({ ...r })) });
  return new Proxy(reader, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      const label = typeof prop === 'string' ? LABELS[prop] : undefined;
      if (!label || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const path = label.pathArg !== undefined && typeof args[label.pathArg] === 'string' ? (args[label.pathArg] as string) : undefined;
        const id = `${label.key}/${path ?? ''}`;
        const line: ReadProgress = reads.get(id) ?? { key: label.key, ...(path ? { path } : {}), state: 'waiting' };
        if (line.state !== 'done') line.state = 'waiting';
        reads.set(id, line);
        report();
        const settle = (state: ReadState) => {
          // A read that succeeded once stays done, whatever a later duplicate does.
          if (line.state !== 'done') line.state = state;
          report();
        };
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (out instanceof Promise) {
          out.then(
            () => settle('done'),
            () => settle('failed'),
          );
        } else settle('done');
        return out;
      };
    },
  });
}
