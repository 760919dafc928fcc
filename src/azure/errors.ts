/**
 * Typed, user-facing errors of the Azure data layer. Commands turn them into Result errors (or into a
 * marked partial result); the `message` here is English for logs, the localized text comes from i18n by kind.
 */
export type AzureErrorKind =
  | 'not-found'
  | 'ambiguous'
  | 'forbidden'
  | 'throttled'
  | 'timeout'
  | 'azure-failure'
  /** A 200 whose body does not have the shape ARM documents (shape.ts): nothing was concluded from it. */
  | 'unexpected-answer'
  | 'unreachable'
  | 'credential'
  | 'bad-request'
  /** ARM's answer was larger than the bot reads (AZURE_MAX_RESPONSE_MB). */
  | 'too-large';

export interface AzureErrorInit {
  resourceType?: string;
  name?: string;
  suggestions?: string[];
  missingPermission?: string;
  statusCode?: number;
  azureCode?: string;
  retryAfterMs?: number;
  /** For 'too-large': the most the bot reads of one answer. */
  limitBytes?: number;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<AzureErrorKind> = new Set(['throttled', 'timeout', 'azure-failure', 'unreachable', 'unexpected-answer']);

export class AzureError extends Error {
  readonly kind: AzureErrorKind;
  readonly resourceType?: string;
  readonly resourceName?: string;
  readonly suggestions: string[];
  readonly missingPermission?: string;
  readonly statusCode?: number;
  readonly azureCode?: string;
  readonly retryAfterMs?: number;
  readonly limitBytes?: number;

  constructor(kind: AzureErrorKind, message: string, init: AzureErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AzureError';
    this.kind = kind;
    this.resourceType = init.resourceType;
    this.resourceName = init.name;
    this.suggestions = init.suggestions ?? [];
    this.missingPermission = init.missingPermission;
    this.statusCode = init.statusCode;
    this.azureCode = init.azureCode;
    this.retryAfterMs = init.retryAfterMs;
    this.limitBytes = init.limitBytes;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isAzureError(e: unknown): e is AzureError {
  return e instanceof AzureError;
}
