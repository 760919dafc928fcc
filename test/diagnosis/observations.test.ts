import { describe, expect, it } from 'vitest';
import { failedRead, findPeering, isFailed, isRead, observed, pathObservation, valueOf } from '../../src/diagnosis/observations.ts';
import { circuit, microsoftPeering, obs, peering } from './fixtures.ts';

describe('Observed helpers', () => {
  it('tell read, failed and not read apart', () => {
    expect(isRead(observed([]))).toBe(true);
    expect(isRead(failedRead('timeout'))).toBe(false);
    expect(isRead(undefined)).toBe(false);
    expect(isFailed(failedRead('forbidden', 'x'))).toBe(true);
    expect(isFailed(undefined)).toBe(false);
    expect(valueOf(observed(3))).toBe(3);
    expect(valueOf(failedRead('timeout'))).toBeUndefined();
  });
  it('findPeering by name or type, case-insensitive', () => {
    const c = circuit({ peerings: [peering(), microsoftPeering()] });
    expect(findPeering(c, 'microsoftpeering')?.name).toBe('MicrosoftPeering');
    expect(findPeering(circuit({ peerings: [peering({ name: 'x' })] }), 'AzurePrivatePeering')?.name).toBe('x');
    expect(findPeering(c, 'AzurePublicPeering')).toBeUndefined();
  });
  it('pathObservation', () => {
    expect(pathObservation(obs({ primary: null }), 'primary')).toBeUndefined();
    expect(pathObservation(obs(), 'secondary')?.path).toBe('secondary');
  });
});
