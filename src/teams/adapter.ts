/**
 * The Bot Framework adapter: credentials from the configuration (MultiTenant, SingleTenant or
 * UserAssignedMSI; no MicrosoftAppId = local mode, no auth), a CloudAdapter, and an error handler that logs
 * and shows a friendly card (never a stack trace). Every botbuilder import lives under src/teams/.
 */
import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';
import { CallerIdConstants } from 'botframework-schema';
import type { AppConfig } from '../config.ts';
import { errorResult } from '../commands/result.ts';
import { localeFrom, translator } from '../i18n/index.ts';
import { renderResultCard } from '../render/card.ts';
import { describeError, type Logger } from './log.ts';
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

/**
 * botbuilder re-throws some token failures (a forged signature: JsonWebTokenError) instead of wrapping them in
 * its AuthenticationError, and CloudAdapter answers those with 500. A forged token is a 401: wrap them here.
 */
export function refuseInvalidTokens(auth: BotFrameworkAuthentication): BotFrameworkAuthentication {
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (e) {
      if (e instanceof Error && JWT_FAILURES.has(e.name)) throw new AuthenticationError(`Unauthorized: ${e.message}`, 401);
      throw e;
    }
  };
  return auth;
}

export function createAdapter(config: AppConfig, log: Logger): CloudAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory(credentialOptions(config.bot));
  const auth = refuseInvalidTokens(createBotFrameworkAuthenticationFromConfiguration(authConfiguration(config.bot) as never, factory));
  const adapter = new CloudAdapter(auth);

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
