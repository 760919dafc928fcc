/**
 * Turns whatever the SDK, the pipeline or @azure/identity threw into a typed AzureError. The user-facing
 * text is chosen later by kind; here we keep what the user needs: the missing permission, Retry-After.
 */
import { isRestError } from '@azure/core-rest-pipeline';
import { LIMIT_BYTES, RESPONSE_TOO_LARGE } from './response-cap.ts';
import { askedWaitMs, DEFERRED_RETRY_AFTER_MS } from './throttle-policy.ts';
import { AzureError } from './errors.ts';
import { shapeProblem } from './shape.ts';

export interface CallSite {
  /** e.g. "ARP table of tokyo-er (AzurePrivatePeering, primary)". For logs only. */
  what: string;
  resourceType?: string;
  name?: string;
  /** The RBAC action this call needs, named when ARM says 403 without it. */
  action?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET']);

function headerMs(headers: { get(name: string): string | undefined } | undefined): number | undefined {
  if (!headers) return undefined;
  const deferred = headers.get(DEFERRED_RETRY_AFTER_MS);
  return deferred !== undefined && Number.isFinite(Number(deferred)) ? Number(deferred) : askedWaitMs(headers);
}

export function toAzureError(e: unknown, site: CallSite): AzureError {
  if (e instanceof AzureError) return e;
  // A body without the shape ARM documents (our mapping's checks, or the SDK unable to read it): not facts.
  const odd = shapeProblem(e);
  if (odd !== undefined) {
    return new AzureError('unexpected-answer', `${site.what}: Azure answered something unexpected (${odd}); nothing was concluded from it.`, {
      resourceType: site.resourceType,
      name: site.name,
      cause: e,
    });
  }
  const base = { resourceType: site.resourceType, name: site.name, cause: e };
  const err = e as { name?: string; code?: string; message?: string; statusCode?: number };

  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') {
    return new AzureError('timeout', `${site.what}: no answer within the time budget.`, base);
  }
  if (err?.name === 'CredentialUnavailableError' || err?.name === 'AuthenticationError' || err?.name === 'AggregateAuthenticationError') {
    return new AzureError('credential', `${site.what}: could not get an Azure token (${err.name}).`, base);
  }
  if (isRestError(e) && e.code === RESPONSE_TOO_LARGE) {
    return new AzureError('too-large', `${site.what}: ARM's answer was larger than the bot reads; not read.`, { ...base, statusCode: e.statusCode, limitBytes: (e as { [LIMIT_BYTES]?: number })[LIMIT_BYTES] });
  }
  if (isRestError(e)) {
    const status = e.statusCode;
    const body = (e.details ?? {}) as { error?: { code?: string; message?: string } };
    const azureCode = e.code ?? body.error?.code;
    const message = body.error?.message ?? e.message;
    const common = { ...base, statusCode: status, azureCode };
    if (status === undefined) {
      if (e.code && NETWORK_CODES.has(e.code)) return new AzureError('unreachable', `${site.what}: ARM endpoint unreachable (${e.code}).`, common);
      return new AzureError('unreachable', `${site.what}: request failed before any answer (${e.code ?? 'no code'}).`, common);
    }
    if (status === 404) return new AzureError('not-found', `${site.what}: not found (${azureCode ?? 404}).`, common);
    if (status === 403) {
      const named = /action '([^']+)'/i.exec(message ?? '')?.[1];
      return new AzureError('forbidden', `${site.what}: forbidden (${azureCode ?? 403}).`, { ...common, missingPermission: named ?? site.action });
    }
    if (status === 401) return new AzureError('credential', `${site.what}: ARM refused the token (401).`, common);
    if (status === 429) {
      return new AzureError('throttled', `${site.what}: throttled by ARM (${azureCode ?? 429}).`, { ...common, retryAfterMs: headerMs(e.response?.headers) });
    }
    if (status === 408 || status === 504) return new AzureError('timeout', `${site.what}: ARM timed out (${status}).`, common);
    if (status === 400) return new AzureError('bad-request', `${site.what}: ARM rejected the request (${azureCode ?? 400}).`, common);
    return new AzureError('azure-failure', `${site.what}: ARM answered ${status} (${azureCode ?? 'no code'}).`, common);
  }
  if (err?.code && NETWORK_CODES.has(err.code)) {
    return new AzureError('unreachable', `${site.what}: ARM endpoint unreachable (${err.code}).`, base);
  }
  if (typeof err?.message === 'string' && /long-running operation has failed/i.test(err.message)) {
    return new AzureError('azure-failure', `${site.what}: the Azure operation failed.`, base);
  }
  return new AzureError('azure-failure', `${site.what}: unexpected failure (${err?.name ?? typeof e}).`, base);
}
