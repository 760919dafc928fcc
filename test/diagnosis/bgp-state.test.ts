import { describe, expect, it } from 'vitest';
import { asnReservation, formatConnectedDuration, formatCount, isPrefixLimitState, parseStatePfxRcd, parseUpDown, prefixLimit } from '../../src/diagnosis/bgp-state.ts';

describe('parseStatePfxRcd', () => {
  it('a number means Established with that many prefixes', () => {
    expect(parseStatePfxRcd('42')).toEqual({ established: true, prefixes: 42 });
    expect(parseStatePfxRcd('0')).toEqual({ established: true, prefixes: 0 });
    expect(parseStatePfxRcd(' 3300 ')).toEqual({ established: true, prefixes: 3300 });
    expect(parseStatePfxRcd(7)).toEqual({ established: true, prefixes: 7 });
  });
  it('a word is the state of a session that is down', () => {
    for (const w of ['Idle', 'Active', 'Connect', 'OpenSent', 'OpenConfirm', 'Idle (Admin)']) expect(parseStatePfxRcd(w)).toEqual({ established: false, state: w });
  });
  it('missing or empty is unknown', () => {
    expect(parseStatePfxRcd(undefined)).toBeUndefined();
    expect(parseStatePfxRcd('')).toBeUndefined();
    expect(parseStatePfxRcd('  ')).toBeUndefined();
  });
  it('recognizes a prefix-limit shutdown', () => {
    expect(isPrefixLimitState('Idle (PfxCt)')).toBe(true);
    expect(isPrefixLimitState('Idle')).toBe(false);
  });
});

describe('parseUpDown', () => {
  it('reads the real formats', () => {
    expect(parseUpDown('never')).toBeUndefined();
    expect(parseUpDown('00:09:35')).toBe(575);
    expect(parseUpDown('05:12:44')).toBe(5 * 3600 + 12 * 60 + 44);
    expect(parseUpDown('1d02h')).toBe(86_400 + 7_200);
    expect(parseUpDown('3w2d')).toBe(3 * 604_800 + 2 * 86_400);
    expect(parseUpDown('2y10w')).toBe(2 * 365 * 86_400 + 10 * 604_800);
  });
  it('is case-insensitive and trims', () => {
    expect(parseUpDown(' NEVER ')).toBeUndefined();
    expect(parseUpDown('1D02H')).toBe(93_600);
  });
  it('refuses anything else', () => {
    for (const s of ['', 'soon', '1h1d', '00:61:00', '12', undefined]) expect(parseUpDown(s)).toBeUndefined();
  });
});

describe('prefixLimit', () => {
  it('by tier and peering', () => {
    expect(prefixLimit('Standard', 'AzurePrivatePeering')).toBe(4_000);
    expect(prefixLimit('Premium', 'AzurePrivatePeering')).toBe(10_000);
    expect(prefixLimit('Local', 'AzurePrivatePeering')).toBe(4_000);
    expect(prefixLimit(undefined, 'AzurePrivatePeering')).toBe(4_000);
    expect(prefixLimit('Premium', 'MicrosoftPeering')).toBe(200);
    expect(prefixLimit('Standard', 'MicrosoftPeering')).toBe(200);
  });
});

describe('asnReservation', () => {
  it('knows every reserved range', () => {
    for (const a of [65515, 65517, 65520]) expect(asnReservation(a)).toBe('azure');
    for (const a of [8074, 8075, 12076]) expect(asnReservation(a)).toBe('microsoft');
    for (const a of [23456, 64496, 64511, 65535, 65551, 4294967295]) expect(asnReservation(a)).toBe('iana');
  });
  it('accepts usable ASNs at the edges', () => {
    for (const a of [65010, 64512, 65514, 65521, 65534, 65552, 64495, 8073, 12077, undefined]) expect(asnReservation(a)).toBeUndefined();
  });
});

describe('formatCount', () => {
  it('groups thousands the same in every locale', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(42)).toBe('42');
  });
});

describe('formatConnectedDuration', () => {
  it('shows a gateway peer\'s TimeSpan the way the circuit tables show up/down times', () => {
    expect(formatConnectedDuration('2.03:14:07.5312345')).toBe('2d03h');
    expect(formatConnectedDuration('03:14:07.5312345')).toBe('03:14:07');
    expect(formatConnectedDuration('0.00:00:09')).toBe('00:00:09');
    expect(formatConnectedDuration('')).toBe('—');
    expect(formatConnectedDuration(undefined)).toBe('—');
    expect(formatConnectedDuration('soon')).toBe('soon');
  });
});
