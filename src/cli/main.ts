/**
 * `netops run "<command>" [--json] [--lang ja]` and `netops run --stdin [--json]`: the bot's engine from a
 * terminal, with the same configuration. Exit code 0 when the command ran (whatever its verdicts), 2 when
 * the Result says ok=false or the invocation itself is wrong (docs/architecture.md, "The CLI").
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { executeCommand, prepareCommand, type Prepared } from '../commands/engine.ts';
import { auditOutcome, confirmationOf, errorResult, type Result } from '../commands/result.ts';
import { COMMANDS } from '../commands/index.ts';
import { createMemory } from '../commands/memory.ts';
import type { CommandContext, CommandSpec } from '../commands/types.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { loadDotEnv } from '../env-file.ts';
import { localeFrom, translator } from '../i18n/index.ts';
import { renderJson } from '../render/json.ts';
import { renderText } from '../render/text.ts';
import { createServices } from '../services.ts';

const USAGE = `Usage:
  netops run "<command text>" [--json] [--lang en|ja] [--yes]
  netops run --stdin [--json] [--lang en|ja]     read the command text from standard input
  --yes                                          confirm a command that asks for confirmation (service key),
                                                 in the same run: the confirmation lives in this process only
  netops help                                    this text; \`netops run help\` lists the bot's commands

Runs one bot command with the bot's configuration (.env and the environment; no Azure settings = embedded demo)
and prints the Result as text, or as JSON with --json. Exit code 0 when the command ran, 2 when it failed.`;

/**
 * Whether a command needs the Azure side started before it runs: those that call Azure, and `about` in demo mode
 * (it shows the endpoint and subscriptions, the embedded emulator's, known once it runs). The others (`help`,
 * `audit`, the latency commands…) run without loading the Azure SDK or starting the emulator: a faster start.
 */
function startsAzure(spec: CommandSpec, mode: string): boolean {
  return spec.calls === 'azure' || (spec.id === 'about' && mode === 'demo');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        stdin: { type: 'boolean', default: false },
        lang: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [verb, ...rest] = parsed.positionals;
  if (parsed.values.help || verb === 'help' || verb === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return verb === undefined && !parsed.values.help ? 2 : 0;
  }
  if (verb !== 'run') {
    process.stderr.write(`Unknown verb "${verb}".\n\n${USAGE}\n`);
    return 2;
  }
  const text = parsed.values.stdin ? await readStdin() : rest.join(' ');
  if (!text.trim()) {
    process.stderr.write(`No command text given.\n\n${USAGE}\n`);
    return 2;
  }

  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const handle = await createServices(config, { lazyAzure: true });
  try {
    const locale = localeFrom(parsed.values.lang ?? process.env.LANG);
    const t = translator(locale);
    const user = userInfo().username;
    // Whoever runs the CLI holds the bot's own configuration and credentials: an operator, alone at a terminal.
    const ctx: CommandContext = {
      locale,
      t,
      requester: { id: `cli:${user}`, name: user },
      conversationId: 'cli',
      services: handle.services,
      commands: COMMANDS,
      role: 'operator',
      conversationType: 'personal',
    };
    const memory = createMemory();
    const run = async (commandText: string) => {
      const started = Date.now();
      // The engine's runCommand, with the Azure side started between preparing and running when the command needs it.
      let prepared: Prepared;
      try {
        prepared = await prepareCommand(commandText, ctx, memory);
      } catch (e) {
        process.stderr.write(`netops: preparing the command failed: ${(e as Error)?.stack ?? String(e)}\n`);
        prepared = { ok: false, result: errorResult('', { code: 'internal', message: t('errors:internal') }) };
      }
      if (prepared.ok && startsAzure(prepared.spec, config.azure.mode)) await handle.startAzure();
      const r: Result = prepared.ok ? await executeCommand(prepared, ctx, memory) : prepared.result;
      await handle.services.audit
        ?.append({
          time: new Date(started).toISOString(),
          userId: ctx.requester.id,
          userName: user,
          conversationId: 'cli',
          source: 'cli',
          ...auditOutcome(r, COMMANDS),
          request: r.request ?? commandText,
          durationMs: Date.now() - started,
          role: 'operator',
        })
        .catch(() => process.stderr.write('netops: could not write the audit trail\n'));
      return r;
    };
    let result = await run(text);
    // A proposal to confirm: its token lives in this process, so a second `netops run … confirm <token>` could
    // never match it. --yes confirms here and now (both steps are audited); without it, say how.
    const confirm = confirmationOf(result);
    if (confirm && parsed.values.yes) result = await run(confirm.command);
    else if (confirm) {
      result.followUps = result.followUps.filter((f) => f.command !== confirm.command);
      result.notes = [...(result.notes ?? []), t('common:confirm.cli', { command: `netops run "${result.request ?? text}" --yes` })];
    }
    process.stdout.write(parsed.values.json ? `${renderJson(result)}\n` : `${renderText(result, t)}\n`);
    return result.ok ? 0 : 2;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`netops: unexpected failure: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
