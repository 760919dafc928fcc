/**
 * ARM error answers with ARM's own codes and message wording: the bot parses some of them (the action in
 * AuthorizationFailed, the resource in ResourceNotFound), so the text matters as much as the code.
 */
export interface ArmErrorBody {
  error: { code: string; message: string; target?: string; details?: { code: string; message: string; target?: string }[] };
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target?: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, options: { target?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.headers = options.headers ?? {};
  }

  toBody(): ArmErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
  }
}

/** 404 for a resource, as ARM words it for both top-level and child resources. */
export function resourceNotFound(resourceType: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${resourceType}/${name}' under resource group '${resourceGroup}' was not found. ` +
      'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
  );
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

export function authorizationFailed(clientId: string, objectId: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action '${action}' ` +
      `over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function authenticationFailed(detail: 'missing' | 'invalid'): ArmError {
  const message =
    detail === 'missing'
      ? "Authentication failed. The 'Authorization' header is missing."
      : "Authentication failed. The 'Authorization' header is provided in an invalid format.";
  return new ArmError(401, 'AuthenticationFailed', message, {
    headers: {
      'WWW-Authenticate':
        'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", ' +
        `error_description="The authentication failed because of ${detail === 'missing' ? "missing 'Authorization' header" : "invalid 'Authorization' header"}."`,
    },
  });
}

export function missingApiVersion(): ArmError {
  return new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
}

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, target ? { target } : {});
}

export function throttled(kind: 'read' | 'write', subscriptionId: string, objectId: string, retryAfterSeconds: number): ArmError {
  return new ArmError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of '${kind}' requests for subscription '${subscriptionId}' actor '${objectId}' exceeded. Please try again after ` +
      `'${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

export function internalServerError(message = 'An error occurred while processing the request.'): ArmError {
  return new ArmError(500, 'InternalServerError', message);
}
