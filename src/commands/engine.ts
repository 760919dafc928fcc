/**
 * The one way into commands for every host (Teams, CLI, tests): text -> tokens -> command + bound
 * arguments (prepareCommand), then run it and fill in what every Result carries (executeCommand).
 * Preparing is cheap (it reads only the conversation's context and, for a confirmation, the pending proposal:
 * shared state when several instances run) so that a host can acknowledge with a "working" card before any
 * Azure call; executing never rejects: whatever a command throws becomes an error Result.
 */
import { type ListCut, watchCalls } from '../azure/call-watch.ts';
import type { Translate } from '../i18n/index.ts';
import { accessDenial, needsConfirmation } from './access.ts';
import { createConfirmations, type ConfirmOutcome } from './confirmations.ts';
import { bindArgs, rememberedValues } from './args.ts';
import { failureFrom, joinList } from './failures.ts';
import { MAX_COMMAND_CHARS, MAX_PASTED_CHARS, quoteIfNeeded, tokenize, type Token } from './parse.ts';
import { registryFor } from './registry.ts';
import { errorResult, type FollowUp, newResult, type Result, type ResultError } from './result.ts';
import type { Args, CommandContext, CommandSpec, ConversationMemory, Remembered } from './types.ts';

export type Prepared =
  | {
      ok: true;
      spec: CommandSpec;
      args: Args;
      request: string;
      notes: string[];
      needsAck: boolean;
      working: string;
      /** What the conversation remembered when the command was prepared (put back if the command fails). */
      recalled: Remembered;
    }
  | { ok: false; result: Result };

export interface EngineLogEvent {
  level: 'error' | 'warn';
  msg: string;
  command?: string;
  request?: string;
  conversationId?: string;
  /** The raw error, for the log only: never shown to users. */
  error?: unknown;
}
export type EngineLogger = (event: EngineLogEvent) => void;

const defaultLogger: EngineLogger = (e) => {
  const detail = e.error instanceof Error ? (e.error.stack ?? e.error.message) : e.error === undefined ? '' : String(e.error);
  console.error(`[netops engine] ${e.level}: ${e.msg}${e.command ? ` (${e.command})` : ''}${detail ? `\n${detail}` : ''}`);
};
let logger: EngineLogger = defaultLogger;

/** Where the engine reports errors it hides from users (a command's internal failure). Undefined restores stderr. */
export function setEngineLogger(fn: EngineLogger | undefined): void {
  logger = fn ?? defaultLogger;
}

function log(event: EngineLogEvent): void {
  try {
    logger(event);
  } catch {
    // A broken logger must not break a command.
  }
}

const simulatedOf = (ctx: CommandContext) => Boolean(ctx.services?.azure?.simulated);
const hasCommand = (ctx: CommandContext, name: string) => ctx.commands.some((c) => c.name === name);

function refuse(ctx: CommandContext, command: string, error: ResultError, request: string, followUps: FollowUp[] = []): Prepared {
  return { ok: false, result: errorResult(command, error, { request: request || undefined, followUps, simulated: simulatedOf(ctx) }) };
}

/** "bgp status" + the typed arguments after the misspelt name: what a suggestion button runs. */
function withRest(name: string, tokens: readonly Token[], from: number): string {
  return [name, ...tokens.slice(from).map((tok) => quoteIfNeeded(tok.text))].join(' ');
}

function unknownCommand(ctx: CommandContext, typed: string, suggestions: { name: string; command: string }[], request: string): Prepared {
  const { t } = ctx;
  const names = suggestions.map((s) => s.name);
  const message =
    names.length > 0
      ? t('errors:unknown-command-suggest', { text: typed, suggestions: joinList(names, t) })
      : `${t('errors:unknown-command', { text: typed })} ${t('errors:see-help')}`;
  const followUps: FollowUp[] = suggestions.map((s) => ({ title: s.command, command: s.command }));
  if (hasCommand(ctx, 'help')) followUps.push({ title: t('common:showHelp'), command: 'help' });
  const error: ResultError = { code: 'unknown-command', message, suggestions: names };
  return refuse(ctx, '', error, request, followUps);
}

function safeWorking(spec: CommandSpec, args: Args, t: Translate): string {
  try {
    const text = spec.working?.(args, t);
    if (text) return text;
  } catch (e) {
    log({ level: 'warn', msg: 'working() threw', command: spec.name, error: e });
  }
  return t('common:working', { command: spec.name });
}

export async function prepareCommand(text: string, ctx: CommandContext, memory: ConversationMemory): Promise<Prepared> {
  const { t } = ctx;
  // Bounded by the largest any command takes; the command found then applies its own bound (below).
  const tokenized = tokenize(text, MAX_PASTED_CHARS);
  const tooLong = (length: number, max: number, command = '') =>
    refuse(ctx, command, { code: 'too-long', message: t('errors:too-long', { length, max }) }, '');
  if (!tokenized.ok) return tooLong(tokenized.length, tokenized.max);
  const { tokens, normalized } = tokenized;
  if (tokens.length === 0) {
    const followUps = (['help', 'circuits'] as const).filter((c) => hasCommand(ctx, c)).map((c) => ({ title: c, command: c }));
    return refuse(ctx, '', { code: 'empty', message: t('errors:empty') }, '', followUps);
  }

  const registry = registryFor(ctx.commands);
  const words = tokens.map((tok) => tok.text);
  const match = registry.match(words);
  if (!match && normalized.length > MAX_COMMAND_CHARS) return tooLong(normalized.length, MAX_COMMAND_CHARS);
  if (!match) {
    const suggestions = registry.suggestMatches(words).map((s) => ({ name: s.name, command: withRest(s.name, tokens, s.consumed) }));
    return unknownCommand(ctx, words.slice(0, 2).join(' '), suggestions, normalized);
  }
  const near = tokens[match.consumed]?.quoted ? undefined : registry.nearMiss(words, match);
  if (near) {
    return unknownCommand(ctx, words.slice(0, match.consumed + 1).join(' '), [{ name: near, command: withRest(near, tokens, match.consumed + 1) }], normalized);
  }

  const { spec } = match;
  const maxChars = Math.min(spec.maxInputChars ?? MAX_COMMAND_CHARS, MAX_PASTED_CHARS);
  if (normalized.length > maxChars) return tooLong(normalized.length, maxChars, spec.name);
  // Without its context a command can still run when everything is named; the binding asks for what is missing.
  const recalled = await memory.recall(ctx.conversationId).catch((e: unknown) => {
    log({ level: 'warn', msg: 'memory.recall failed', command: spec.name, conversationId: ctx.conversationId, error: e });
    return {};
  });
  const bound = bindArgs({ spec, tokens: tokens.slice(match.consumed), normalized, t, recalled });
  if (!bound.ok) {
    const followUps: FollowUp[] = [];
    const circuitMissing = bound.error.code === 'missing-argument' && spec.params.some((p) => p.required && p.kind.type === 'name' && p.kind.resource === 'circuit');
    if (circuitMissing && hasCommand(ctx, 'circuits')) followUps.push({ title: t('common:listCircuits'), command: 'circuits' });
    if (hasCommand(ctx, 'help')) followUps.push({ title: t('common:helpFor', { command: spec.name }), command: `help ${spec.name}` });
    return refuse(ctx, spec.name, bound.error, normalized, followUps);
  }

  const denial = accessDenial(spec, ctx);
  if (denial) {
    return refuse(ctx, spec.name, { code: denial, message: t(`errors:access.${denial}`, { command: spec.name }), retryable: false }, normalized);
  }
  let request = bound.request;
  if (needsConfirmation(spec)) {
    const confirmations = ctx.confirmations ?? processConfirmations;
    request = withoutConfirm(bound.request);
    const key = { requesterId: ctx.requester.id, conversationId: ctx.conversationId, request };
    const token = bound.args.confirm;
    let outcome: ConfirmOutcome;
    try {
      if (token === undefined) return { ok: false, result: proposal(ctx, spec, request, await confirmations.propose(key), confirmations.ttlMs) };
      outcome = await confirmations.consume(String(token), key);
    } catch (e) {
      // Nothing runs unconfirmed: without the store of proposals the answer is "try again", never the command.
      log({ level: 'error', msg: 'confirmation store failed', command: spec.name, conversationId: ctx.conversationId, error: e });
      return refuse(ctx, spec.name, { code: 'state-unavailable', message: t('errors:state-unavailable'), retryable: true }, request, [{ title: t('common:confirm.again'), command: request }]);
    }
    if (outcome !== 'confirmed') {
      const again = [{ title: t('common:confirm.again'), command: request }];
      return refuse(ctx, spec.name, { code: `confirmation-${outcome}`, message: t(`errors:confirmation.${outcome}`, { command: spec.name }), retryable: false }, request, again);
    }
  }

  return {
    ok: true,
    spec,
    args: bound.args,
    request,
    notes: bound.notes,
    needsAck: spec.calls !== 'none',
    working: safeWorking(spec, bound.args, t),
    recalled,
  };
}

/** Proposals not bound to a host's own store (the CLI, tests). */
const processConfirmations = createConfirmations();

function withoutConfirm(request: string): string {
  return request.replace(/\s+confirm\s+\S+/i, '');
}

/** "Reveal the service key of tokyo-er?" with a button that confirms within the time limit. */
function proposal(ctx: CommandContext, spec: CommandSpec, request: string, proposed: { token: string; expiresAt: Date }, ttlMs: number): Result {
  const { t } = ctx;
  const minutes = Math.max(1, Math.round(ttlMs / 60_000));
  return newResult(spec.name, {
    request,
    simulated: simulatedOf(ctx),
    verdicts: [
      {
        ruleId: 'CONFIRM',
        severity: 'warning',
        title: t('common:confirm.title', { request }),
        detail: t(spec.sensitive ? 'common:confirm.sensitive' : 'common:confirm.sideEffects', { minutes }),
        evidence: [],
        nextSteps: [],
      },
    ],
    followUps: [{ title: t('common:confirm.button', { minutes }), command: `${request} confirm ${proposed.token}` }],
    data: { confirmation: { expiresAt: proposed.expiresAt.toISOString(), command: `${request} confirm ${proposed.token}` } },
  });
}

function isResult(r: unknown): r is Result {
  return typeof r === 'object' && r !== null && typeof (r as Result).ok === 'boolean' && Array.isArray((r as Result).verdicts) && Array.isArray((r as Result).tables);
}

export async function executeCommand(prepared: Extract<Prepared, { ok: true }>, ctx: CommandContext, memory: ConversationMemory): Promise<Result> {
  const { spec, args, request } = prepared;
  // The conversation's context is set when the command is accepted, not when it finishes: a read of ARP or
  // routes takes 10-60 s on real Azure, and the next command typed meanwhile must already see this circuit.
  const accepted = rememberedValues(spec, args);
  const remembering = Object.keys(accepted).length === 0
    ? Promise.resolve()
    : memory.remember(ctx.conversationId, accepted).catch((e: unknown) => log({ level: 'warn', msg: 'memory.remember failed', command: spec.name, error: e }));
  let result: Result;
  // Lists cut at AZURE_MAX_LIST_ITEMS while the command read them: the answer says so, whatever it is.
  const cuts = new Map<string, ListCut>();
  try {
    const returned: unknown = await watchCalls({ onCut: (c) => cuts.set(c.list, c) }, () => spec.run(args, ctx));
    if (!isResult(returned)) throw new Error(`command ${spec.id} returned something that is not a Result`);
    result = returned;
  } catch (thrown) {
    const failure = failureFrom(thrown, ctx.t, request, ctx.services?.azure?.endpoint);
    if (failure.error.code === 'internal') {
      log({ level: 'error', msg: 'command failed', command: spec.name, request, conversationId: ctx.conversationId, error: thrown });
    }
    const target = failure.target ?? firstName(spec, args);
    result = errorResult(spec.name, failure.error, { followUps: failure.followUps, ...(target ? { target } : {}) });
  }

  result.request ??= request;
  const cutNotes = [...cuts.values()].map((c) => ctx.t('common:listCut', { list: ctx.t(`common:lists.${c.list}`, { defaultValue: c.list }), limit: c.limit }));
  const notes = [...prepared.notes, ...(result.notes ?? []), ...cutNotes];
  if (notes.length > 0) result.notes = notes;
  if (result.page === undefined && typeof args.page === 'number') result.page = args.page;
  // Probe results are measured by real agents even when Azure is the demo emulator: only Azure reads are simulated.
  result.simulated = (spec.calls !== 'probe' && simulatedOf(ctx)) || result.simulated === true;
  if (typeof result.generatedAt !== 'string' || Number.isNaN(Date.parse(result.generatedAt))) result.generatedAt = new Date().toISOString();

  await remembering;
  if (result.ok) {
    // A button that only runs this same command again is noise (error cards keep theirs: that is "Retry").
    const same = normalizeRequest(result.request ?? request);
    result.followUps = result.followUps.filter((f) => normalizeRequest(f.command) !== same);
    // Remember what the name resolved to ("tokyo-er"), not the prefix that was typed ("tok").
    const named = spec.params.find((p) => p.remember && p.kind.type === 'name');
    const typed = named?.remember ? accepted[named.remember] : undefined;
    if (named?.remember && typed !== undefined && result.target && result.target !== typed) {
      await memory.remember(ctx.conversationId, { [named.remember]: result.target }).catch((e: unknown) => log({ level: 'warn', msg: 'memory.remember failed', command: spec.name, error: e }));
    }
  } else if (result.error?.code === 'not-found' && Object.keys(accepted).length > 0) {
    // A name that does not exist (a misspelt circuit) is not "the circuit we are looking at": the context goes
    // back to what it was. Other failures (throttled, timed out) keep it: the circuit was the right one.
    await memory.revert(ctx.conversationId, accepted, prepared.recalled).catch((e: unknown) => log({ level: 'warn', msg: 'memory.revert failed', command: spec.name, error: e }));
  }
  return result;
}

function normalizeRequest(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The first name argument: what a failed command was aimed at. */
function firstName(spec: CommandSpec, args: Args): string | undefined {
  const p = spec.params.find((q) => q.kind.type === 'name' && typeof args[q.name] === 'string');
  return p ? String(args[p.name]) : undefined;
}

export async function runCommand(text: string, ctx: CommandContext, memory: ConversationMemory): Promise<Result> {
  let prepared: Prepared;
  try {
    prepared = await prepareCommand(text, ctx, memory);
  } catch (e) {
    // prepareCommand has no expected throws; a bug there must still answer the user.
    log({ level: 'error', msg: 'prepareCommand failed', conversationId: ctx.conversationId, error: e });
    return errorResult('', { code: 'internal', message: ctx.t('errors:internal') });
  }
  return prepared.ok ? executeCommand(prepared, ctx, memory) : prepared.result;
}
