/** Shared by the emulator tests: real HTTPS requests with node:https, and the real SDK client. */
import { request as httpsRequest } from 'node:https';
import { NetworkManagementClient, type NetworkManagementClientOptionalParams } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import type { EmulatorHandle } from '../../src/emulator/server.ts';

export const SUB1 = '00000000-0000-4000-8000-000000000001';
export const SUB2 = '00000000-0000-4000-8000-000000000002';
export const API = '2026-01-01';
export const P1 = `/subscriptions/${SUB1}/resourceGroups/rg-er-prod/providers/Microsoft.Network`;
export const HUB = `/subscriptions/${SUB1}/resourceGroups/rg-hub-japaneast/providers/Microsoft.Network`;
export const VM_BASE = `/subscriptions/${SUB1}/resourceGroups/rg-hub-japaneast/providers/Microsoft.Compute/virtualMachines`;
export const POLL = { updateIntervalInMs: 20 };

export const credential: TokenCredential = {
  getToken: async () => ({ token: 'emulator-dev-token', expiresOnTimestamp: Date.now() + 3600_000 }),
};

export function sdk(emu: EmulatorHandle, subscriptionId = SUB1, extra: NetworkManagementClientOptionalParams = {}): NetworkManagementClient {
  return new NetworkManagementClient(credential, subscriptionId, { endpoint: emu.url, tlsOptions: { ca: emu.caPem }, ...extra });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface RawOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: a bearer token. false = no Authorization header. */
  auth?: boolean | string;
  /** Default: append api-version when the path has none. */
  apiVersion?: boolean;
}

/** One real HTTPS request to the emulator (a path, or an absolute URL such as a Location header). */
export function raw(emu: EmulatorHandle, method: string, pathOrUrl: string, opts: RawOptions = {}): Promise<RawResponse> {
  let target = pathOrUrl.startsWith('https://') ? pathOrUrl : `${emu.url}${pathOrUrl}`;
  if (opts.apiVersion !== false && !/[?&]api-version=/.test(target)) target += `${target.includes('?') ? '&' : '?'}api-version=${API}`;
  const u = new URL(emu.url);
  const path = target.slice(emu.url.length);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth !== false) headers.Authorization = typeof opts.auth === 'string' ? opts.auth : 'Bearer test-token';
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (payload) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: u.hostname, port: u.port, path, method, headers, ca: emu.caPem, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
