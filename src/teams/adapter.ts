/**
 * The Bot Framework adapter: credentials from the configuration (MultiTenant, SingleTenant or
 * UserAssignedMSI; no MicrosoftAppId = local mode, no auth), a CloudAdapter, and an error handler that logs
 * and shows a friendly card (never a stack trace). Every botbuilder import lives under src/teams/.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Activity,
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import { CallerIdConstants } from 'botframework-schema';
import type { AppConfig } from '../config.ts';
import { errorResult } from '../commands/result.ts';
import { localeFrom, translator } from '../i18n/index.ts';
import { renderResultCard } from '../render/card.ts';
import { describeError, redact, type Logger } from './log.ts';
import { cardActivity } from './activities.ts';

/** Options for ConfigurationServiceClientCredentialFactory, by app type. Secrets stay in this object only. */
export function credentialOptions(bot: AppConfig['bot']): Record<string, string | undefined> {
  if (!bot.appId) return {}; // local mode: authentication disabled both ways
  switch (bot.appType) {
    case 'UserAssignedMSI':
      // botbuilder refuses a password for MSI; the tenant is required.
      return { MicrosoftAppId: bot.appId, MicrosoftAppTenantId: bot.tenantId, MicrosoftAppType: 'UserAssignedMsi' };
    case 'SingleTenant':
      return {
        MicrosoftAppId: bot.appId,
        MicrosoftAppPassword: bot.appPassword,
        MicrosoftAppTenantId: bot.tenantId,
        MicrosoftAppType: 'SingleTenant',
      };
    default:
      return { MicrosoftAppId: bot.appId, MicrosoftAppPassword: bot.appPassword, MicrosoftAppType: 'MultiTenant' };
  }
}

/**
 * core-rest-pipeline's default retry policy (inside the connector client) retries 5xx and 408 for every
 * method, POST included, up to three times: a 502 on "create activity" could then post a card twice. Our own
 * Delivery decides what to retry (delivery.ts), so the SDK's policy is removed from each connector client.
 */
export function stripSdkRetries(context: TurnContext): void {
  const adapter = context.adapter as { ConnectorClientKey?: symbol };
  if (!adapter.ConnectorClientKey) return;
  const client = context.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(o: { name: string }): unknown } } }
    | undefined;
  client?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

/**
 * Where channel tokens' signing keys live and who issues them, when they differ from the public cloud
 * (sovereign clouds; tests, which publish their own keys to prove that validation really happens).
 * botbuilder treats any one of these settings as "fully custom" and leaves the others undefined — which would
 * silently refuse every request — so an override starts from the public-cloud values and changes only what
 * is set. Null = botbuilder's own defaults.
 */
export function authConfiguration(bot: AppConfig['bot']): { get(): Record<string, string>; set(): void } | null {
  if (!bot.openIdMetadataUrl && !bot.tokenIssuer) return null;
  const values: Record<string, string> = {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: bot.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
  return { get: () => values, set: () => {} };
}

/** Errors of the JWT library that mean "this token is not valid", whatever botbuilder lets through. */
const JWT_FAILURES = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** Network failures while fetching the issuer's OpenID metadata or signing keys. */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The token could not be checked at all: its issuer's keys could not be fetched. Not the caller's fault. */
export class TokenCheckUnavailable extends Error {
  override name = 'TokenCheckUnavailable';
}

function isNetworkFailure(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (x.name === 'FetchError' || (typeof code === 'string' && NETWORK_CODES.has(code))) return true;
  }
  return false;
}

/**
 * botframework-connector prints to the console by itself while it validates a token, and has no logger hook to
 * send that elsewhere: `console.error` of the whole TokenExpiredError (a stack) for an expired token, and
 * "Error finding key for token. Available keys: <our signing key's PEM>" for a bad signature. A refused request
 * is to leave one JSON line (NetOpsCloudAdapter's) and nothing on stderr. Swapping console.error for a no-op
 * around the `await` would also swallow whatever other requests print in the meantime, so instead the console
 * methods are wrapped once, and a call is dropped only when it is made from inside a validation's own async
 * context (AsyncLocalStorage), while that validation runs; every other call passes through unchanged.
 */
const validation = new AsyncLocalStorage<{ running: boolean }>();
const QUIET_WRAPPER = Symbol('netops: quiet during token validation');
const CONSOLE_METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;

type ConsoleMethod = ((...args: unknown[]) => void) & { [QUIET_WRAPPER]?: true };

function quietConsoleDuringValidation(): void {
  for (const name of CONSOLE_METHODS) {
    const inner = console[name] as ConsoleMethod;
    if (inner[QUIET_WRAPPER]) continue; // already ours, outermost
    const wrapper: ConsoleMethod = (...args: unknown[]) => {
      if (validation.getStore()?.running) return;
      inner.apply(console, args);
    };
    wrapper[QUIET_WRAPPER] = true;
    console[name] = wrapper;
  }
}

/** Runs one token validation in its own async context; what botbuilder prints from inside it is dropped. */
async function validatingQuietly<T>(validate: () => Promise<T>): Promise<T> {
  const context = { running: true };
  try {
    return await validation.run(context, validate);
  } finally {
    // Timers or sockets made during the validation keep its context; what they print later gets through.
    context.running = false;
  }
}

/**
 * Every way authentication can fail, as one of two errors. botbuilder re-throws some token failures (a forged
 * signature: JsonWebTokenError) instead of wrapping them in its AuthenticationError, and lets network errors
 * through (a token naming Microsoft's emulator issuer makes it fetch that issuer's keys), which CloudAdapter
 * answers with 500 and the error's text. A token we cannot accept is an AuthenticationError (401); keys we
 * could not fetch are TokenCheckUnavailable (503: the sender may retry). Whatever botbuilder prints to the
 * console while it validates is dropped (above): the refusal is logged once, by NetOpsCloudAdapter.
 */
export function refuseInvalidTokens(auth: BotFrameworkAuthentication): BotFrameworkAuthentication {
  quietConsoleDuringValidation();
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await validatingQuietly(() => authenticate(activity, authHeader));
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      if (isNetworkFailure(e)) throw new TokenCheckUnavailable('the signing keys of the token\'s issuer could not be fetched', { cause: e });
      throw new AuthenticationError(`Unauthorized: ${e instanceof Error && JWT_FAILURES.has(e.name) ? e.message : 'the token could not be validated'}`, 401);
    }
  };
  return auth;
}

/** A refusal's reason for the log: one short line (botbuilder's messages can quote the token's claims). */
export function shortReason(message: string): string {
  const line = redact(message).replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/**
 * CloudAdapter writes the stack of every failed authentication to stderr and sends the error's text to the
 * caller. Ours answers a refused token with a plain 401 and an unverifiable one with 503, and logs each as one
 * JSON line (the cause, never the token).
 */
class NetOpsCloudAdapter extends CloudAdapter {
  private readonly log: Logger;

  constructor(auth: BotFrameworkAuthentication, log: Logger) {
    super(auth);
    this.log = log;
  }

  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      return await super.processActivity(auth as never, activity, logic);
    } catch (e) {
      if (e instanceof AuthenticationError) {
        this.log.warn({ msg: 'request refused: invalid token', activityType: activity?.type, reason: shortReason(e.message) });
        return { status: 401, body: { error: 'unauthorized' } };
      }
      if (e instanceof TokenCheckUnavailable) {
        this.log.warn({ msg: 'request refused: token could not be checked', activityType: activity?.type, reason: shortReason(e.message), ...describeError(e.cause) });
        return { status: 503, body: { error: 'the token could not be checked right now; try again later' } };
      }
      throw e;
    }
  }
}

export function createAdapter(config: AppConfig, log: Logger): CloudAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory(credentialOptions(config.bot));
  const auth = refuseInvalidTokens(createBotFrameworkAuthenticationFromConfiguration(authConfiguration(config.bot) as never, factory));
  const adapter = new NetOpsCloudAdapter(auth, log);

  adapter.use({
    onTurn: async (context, next) => {
      stripSdkRetries(context);
      await next();
    },
  });

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const a = context.activity;
    log.error({
      msg: 'turn failed',
      activityType: a?.type,
      activityId: a?.id,
      conversationId: a?.conversation?.id,
      userId: a?.from?.id,
      ...describeError(error),
    });
    try {
      const t = translator(localeFrom(a?.locale));
      const card = renderResultCard(errorResult('', { code: 'internal', message: t('host:error.internal') }), t);
      if (a?.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card.card } },
        });
      } else if (a?.type === 'message') {
        await context.sendActivity(cardActivity(card));
      }
    } catch (sendError) {
      log.error({ msg: 'could not send the error card', conversationId: a?.conversation?.id, ...describeError(sendError) });
    }
  };
  return adapter;
}
