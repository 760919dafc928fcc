import { describe, expect, it } from 'vitest';
import { accessDenial, roleOf, visibleCommands } from '../../src/commands/access.ts';
import { createConfirmations } from '../../src/commands/confirmations.ts';
import { loadConfig } from '../../src/config.ts';
import type { CommandSpec } from '../../src/commands/types.ts';

const OP = 'aaaaaaaa-0000-4000-8000-000000000001';
const spec = (extra: Partial<CommandSpec>): CommandSpec =>
  ({ name: 'x', id: 'x', aliases: [], params: [], examples: ['x'], sideEffects: false, calls: 'none', run: async () => ({}) as never, ...extra }) as CommandSpec;

describe('roles from NETOPS_OPERATORS', () => {
  const operators = loadConfig({ NETOPS_OPERATORS: `${OP.toUpperCase()}, bob@contoso.com#19:WarRoom@thread.tacv2` }).operators;

  it('parses object ids and UPNs, each optionally scoped', () => {
    expect(operators).toEqual([{ principal: OP }, { principal: 'bob@contoso.com', scope: '19:warroom@thread.tacv2' }]);
    expect(() => loadConfig({ NETOPS_OPERATORS: 'not an id' })).toThrow(/NETOPS_OPERATORS/);
  });

  it('makes a listed object id an operator everywhere, and everyone else a reader', () => {
    expect(roleOf({ aadObjectId: OP, places: ['a:1'] }, operators)).toBe('operator');
    expect(roleOf({ aadObjectId: 'cccccccc-0000-4000-8000-000000000003', places: ['a:1'] }, operators)).toBe('reader');
    expect(roleOf({ places: [] }, operators)).toBe('reader');
  });

  it('honours a scope: operator only in that team or channel', () => {
    expect(roleOf({ upn: 'Bob@Contoso.com', places: ['19:warroom@thread.tacv2'] }, operators)).toBe('operator');
    expect(roleOf({ upn: 'bob@contoso.com', places: ['19:other@thread.tacv2'] }, operators)).toBe('reader');
  });
});

describe('accessDenial', () => {
  it('keeps operator-only, side-effect and sensitive commands from readers', () => {
    expect(accessDenial(spec({ requires: 'operator' }), { role: 'reader' })).toBe('needs-operator');
    expect(accessDenial(spec({ sideEffects: true }), {})).toBe('needs-operator');
    expect(accessDenial(spec({ sensitive: true }), { role: 'reader', conversationType: 'personal' })).toBe('needs-operator');
    expect(accessDenial(spec({}), {})).toBeUndefined();
  });

  it('shows secrets only in a personal chat, even to operators', () => {
    expect(accessDenial(spec({ sensitive: true }), { role: 'operator', conversationType: 'channel' })).toBe('personal-only');
    expect(accessDenial(spec({ sensitive: true }), { role: 'operator' })).toBe('personal-only');
    expect(accessDenial(spec({ sensitive: true }), { role: 'operator', conversationType: 'personal' })).toBeUndefined();
  });

  it('lists for help only what the caller may run', () => {
    const all = [spec({ id: 'a' }), spec({ id: 'b', requires: 'operator' }), spec({ id: 'c', sensitive: true })];
    expect(visibleCommands(all, 'reader').map((c) => c.id)).toEqual(['a']);
    expect(visibleCommands(all, 'operator').map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('confirmations', () => {
  const key = { requesterId: 'u1', conversationId: 'c1', request: 'service key tokyo-er' };

  it('confirms once, for the same person, place and request', async () => {
    const c = createConfirmations();
    const { token } = await c.propose(key);
    expect(await c.consume(token, { ...key, requesterId: 'u2' })).toBe('mismatch');
    expect(await c.consume(token, { ...key, request: 'service key osaka-er' })).toBe('mismatch');
    expect(await c.consume(token, key)).toBe('confirmed');
    expect(await c.consume(token, key)).toBe('expired-or-unknown');
    expect(await c.consume('made-up', key)).toBe('expired-or-unknown');
  });

  it('expires', async () => {
    const c = createConfirmations(20);
    const { token, expiresAt } = await c.propose(key);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    await new Promise((r) => setTimeout(r, 60));
    expect(await c.consume(token, key)).toBe('expired-or-unknown');
  });
});
