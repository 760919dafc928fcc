import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { toAzureError } from '../../src/azure/error-map.ts';

function restError(status: number, code: string, message: string, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
  return new RestError(message, {
    statusCode: status,
    code,
    request,
    response: { status, headers: createHttpHeaders(headers), request },
  });
}

const site = { what: 'ARP table of tokyo-er', resourceType: 'circuit', name: 'tokyo-er', action: 'Microsoft.Network/expressRouteCircuits/peerings/arpTables/action' };

describe('toAzureError', () => {
  it('names the action ARM refused, from its message', () => {
    const e = toAzureError(
      restError(403, 'AuthorizationFailed', "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Network/expressRouteCircuits/peerings/routeTables/action' over scope '/subscriptions/s'"),
      site,
    );
    expect(e.kind).toBe('forbidden');
    expect(e.missingPermission).toBe('Microsoft.Network/expressRouteCircuits/peerings/routeTables/action');
    expect(e.retryable).toBe(false);
  });

  it('falls back to the action the call needs when ARM does not say', () => {
    expect(toAzureError(restError(403, 'Forbidden', 'nope'), site).missingPermission).toBe(site.action);
  });

  it('keeps Retry-After of a throttled call, in seconds or milliseconds', () => {
    expect(toAzureError(restError(429, 'SubscriptionRequestsThrottled', 't', { 'retry-after': '7' }), site)).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
    expect(toAzureError(restError(429, 'SubscriptionRequestsThrottled', 't', { 'retry-after-ms': '250' }), site).retryAfterMs).toBe(250);
    expect(toAzureError(restError(429, 'SubscriptionRequestsThrottled', 't'), site).retryAfterMs).toBeUndefined();
  });

  it('maps status codes and transport failures to kinds', () => {
    expect(toAzureError(restError(404, 'ResourceNotFound', 'x'), site).kind).toBe('not-found');
    expect(toAzureError(restError(500, 'InternalServerError', 'x'), site)).toMatchObject({ kind: 'azure-failure', retryable: true });
    expect(toAzureError(restError(504, 'GatewayTimeout', 'x'), site).kind).toBe('timeout');
    expect(toAzureError(restError(401, 'InvalidAuthenticationToken', 'x'), site).kind).toBe('credential');
    expect(toAzureError(new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), site).kind).toBe('unreachable');
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(toAzureError(abort, site).kind).toBe('timeout');
    const cred = new Error('no credential');
    cred.name = 'CredentialUnavailableError';
    expect(toAzureError(cred, site).kind).toBe('credential');
    expect(toAzureError(new Error('The long-running operation has failed.'), site).kind).toBe('azure-failure');
  });
});
