/**
 * `npm start`: reads the configuration, builds the services (the embedded demo emulator when no Azure is
 * configured) and starts the bot server. Stops gracefully on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig } from './config.ts';
import { loadDotEnv } from './env-file.ts';
import { createServices } from './services.ts';
import { createBotServer } from './teams/server.ts';

async function start(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const handle = await createServices(config);
  const bot = await createBotServer({ config: handle.services.config, services: handle.services, host: config.host });
  const mode = config.azure.mode === 'demo' ? 'embedded demo (simulated data)' : `${config.azure.mode} at ${handle.services.azure.endpoint}`;
  process.stdout.write(
    [
      `NetOps bot listening on ${bot.url}  (Azure: ${mode})`,
      `  messaging endpoint: ${bot.url}/api/messages`,
      `  state:              ${handle.services.state?.kind === 'azure' ? `Azure Storage, shared by every instance: ${handle.services.state.location}` : `this instance only, files under ${handle.services.state?.location ?? config.dataDir}`}`,
      config.localMode ? `  playground:         ${bot.url}/playground   <- open this in a browser` : '  auth: Bot Framework (playground disabled)',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight work…\n`);
    await bot.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

start().catch((e: unknown) => {
  process.stderr.write(`NetOps bot failed to start: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
