/**
 * Starting the agent from a terminal or a service manager: `npm run probe-agent -- [--config path]` or
 * `netops-probe serve [--config path]`. Prints where it listens and what it allows (never the token), one log
 * line per request, and stops cleanly on SIGINT / SIGTERM. Exit code 2 for a configuration error, 1 when the
 * server cannot start.
 */
import { parseArgs } from 'node:util';
import { formatRule } from './allowlist.ts';
import { configWarnings, loadConfig, ProbeConfigError, type ProbeAgentConfig } from './config.ts';
import { startProbeAgent } from './server.ts';
import { VERSION } from './version.ts';

export const SERVE_USAGE = `usage: netops-probe serve [--config path] [--quiet]
       npm run probe-agent -- [--config path] [--quiet]

Settings come from the JSON file and/or the environment (a variable overrides the file):
  NETOPS_PROBE_TOKEN         bearer token, at least 16 characters (or NETOPS_PROBE_TOKEN_FILE)   required
  NETOPS_PROBE_ALLOW         allowlist "10.0.0.0/8:3389,443;192.168.10.0/24:179"                 required
  NETOPS_PROBE_HOST          listen address (default 127.0.0.1)
  NETOPS_PROBE_PORT          listen port (default 8765)
  NETOPS_PROBE_NAME          agent name (default: the host name)     NETOPS_PROBE_SITE   where it stands
  NETOPS_PROBE_TLS_KEY       PEM key path                            NETOPS_PROBE_TLS_CERT  PEM certificate path
  NETOPS_PROBE_MAX_COUNT (200), NETOPS_PROBE_MAX_DURATION_MS (120000), NETOPS_PROBE_MAX_CONCURRENT (2),
  NETOPS_PROBE_RATE_PER_MINUTE (30), NETOPS_PROBE_RATE_BURST (10), NETOPS_PROBE_CONFIG (config file path)
See docs/probe-agent.md.`;

export async function runServe(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${SERVE_USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(SERVE_USAGE);
    return;
  }
  let config: ProbeAgentConfig;
  try {
    config = loadConfig(values.config);
  } catch (e) {
    if (e instanceof ProbeConfigError) {
      console.error(`netops-probe: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  if (!values.quiet) config.log = (line) => console.log(`${new Date().toISOString()} ${line}`);
  let agent;
  try {
    agent = await startProbeAgent(config);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `port ${config.port} is already in use` : err.code === 'EACCES' ? `no permission to listen on port ${config.port}` : err.message;
    console.error(`netops-probe: the agent could not start: ${why}`);
    process.exit(1);
  }
  console.log(`NetOps probe agent ${VERSION} "${config.name}"${config.site ? ` (${config.site})` : ''} listening on ${agent.url}`);
  console.log(`Allowlist: ${config.allow.map(formatRule).join('; ')}`);
  console.log(
    `Limits: count <= ${config.limits.maxCount}, duration <= ${config.limits.maxDurationMs} ms, ${config.limits.maxConcurrent} job(s) at once, ` +
      `${config.rate.perMinute} requests/min per token (burst ${config.rate.burst}); ${config.tokens.length} token(s) configured.`,
  );
  for (const w of configWarnings(config)) console.warn(`Warning: ${w}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the probe agent.`);
    void agent.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
