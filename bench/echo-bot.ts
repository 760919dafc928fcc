/**
 * The reference bot for the benchmarks: the smallest botbuilder bot on the same stack as ours — restify 12,
 * the same body parser settings, CloudAdapter in local mode (no MicrosoftAppId: no inbound JWT check, no
 * outbound token) — that answers every message with one text message and does nothing else.
 *
 * Whatever it costs is the floor of the stack (HTTP in, adapter, connector client, HTTP out); what our bot
 * takes beyond it is our own overhead.
 */
import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  createBotFrameworkAuthenticationFromConfiguration,
  type TurnContext,
} from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import type { AddressInfo } from 'node:net';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

export async function startEchoBot(port = 0, host = '127.0.0.1'): Promise<EchoBot> {
  const auth = createBotFrameworkAuthenticationFromConfiguration(null, new ConfigurationServiceClientCredentialFactory({}));
  const adapter = new CloudAdapter(auth);
  const logic = async (context: TurnContext) => {
    if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  };

  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false, mapFiles: false }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, logic);
  });

  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections?.();
      }),
  };
}
