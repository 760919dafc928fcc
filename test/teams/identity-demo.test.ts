/**
 * The embedded demo behind a bot identity (issue 15, point 6): with MicrosoftAppId set, the demo's emulator
 * takes no unauthenticated admin requests (no fault injection, no request log), and the unauthenticated
 * /readyz names no address on this machine. Without an identity (local mode) both stay as they were.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { captureLog } from './harness.ts';

let withIdentity: ServicesHandle;
let local: ServicesHandle;
let bot: BotServer;

beforeAll(async () => {
  const config = loadConfig({ PORT: '0', MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', LOG_LEVEL: 'silent' });
  withIdentity = await createServices(config, { emulator: { lroDurationScale: 0 } });
  local = await createServices(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { emulator: { lroDurationScale: 0 } });
  bot = await createBotServer({ config: withIdentity.services.config, services: withIdentity.services, log: captureLog(), host: '127.0.0.1' });
});
afterAll(async () => {
  await bot?.close();
  await withIdentity?.close();
  await local?.close();
});

function call(handle: ServicesHandle, method: string, path: string, body?: string): Promise<number> {
  const emu = handle.emulator!;
  return new Promise((resolve, reject) => {
    const req = request(`${emu.url}${path}`, { method, ca: emu.caPem, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

it('with a bot identity, the demo emulator refuses its admin endpoints; in local mode they answer', async () => {
  // Not an admin endpoint any more: an ARM path like any other, which without a token is refused.
  expect(await call(withIdentity, 'GET', '/__emulator/requests')).toBe(401);
  expect(await call(withIdentity, 'POST', '/__emulator/faults', JSON.stringify({ kind: 'throttle' }))).toBe(401);
  expect(await call(local, 'GET', '/__emulator/requests')).toBe(200);
});

it('with a bot identity, /readyz names no address on this machine', async () => {
  const res = await fetch(`${bot.url}/readyz`);
  const text = await res.text();
  expect(res.status).toBe(200);
  expect(JSON.parse(text)).toMatchObject({ ready: true, azure: { mode: 'demo', ok: true, detail: 'ARM at the embedded emulator answered' } });
  expect(text).not.toContain(withIdentity.emulator!.url);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost/);
});
