/**
 * The activity handler. Messages (typed text, or an Action.Submit fallback carrying `{verb, command}`) and
 * `adaptiveCard/action` invokes (Action.Execute) are turned into command runs:
 *
 * - fast commands (no Azure call) answer in the turn: a card message, or the card in the invoke response;
 * - slow commands answer at once with a "working" card (a message, or the invoke response that replaces the
 *   clicked card), run in the background — the turn and its HTTP request end right away, well within the 15 s
 *   after which Teams retries — and then replace that card in place with the result via
 *   continueConversationAsync + updateActivity.
 *
 * Repeated activity ids are dropped (Teams retries slow turns). Every command run is logged as one line.
 */
import {
  ActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type InvokeResponse,
} from 'botbuilder';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../config.ts';
import { executeCommand, prepareCommand, type Prepared } from '../commands/engine.ts';
import { redact } from '../audit/redact.ts';
import { roleOf } from '../commands/access.ts';
import type { AuditEntry } from '../audit/store.ts';
import { createConfirmations, type Confirmations } from '../commands/confirmations.ts';
import { createMemory } from '../commands/memory.ts';
import { stripMentions } from '../commands/parse.ts';
import { auditOutcome, errorResult, type Result } from '../commands/result.ts';
import type { CommandContext, CommandSpec, ConversationMemory, Remembered, Requester, Services } from '../commands/types.ts';
import { localeFrom, translator, type Locale, type Translate } from '../i18n/index.ts';
import { renderResultCard, renderWorkingCard, RUN_VERB, type RenderedCard } from '../render/card.ts';
import { visible } from '../render/visible.ts';
import { cardActivity, invokeCard, invokeError, invokeMessage } from './activities.ts';
import { ActivityDeduper } from './dedupe.ts';
import type { Delivery } from './delivery.ts';
import type { InFlight, Job } from './inflight.ts';
import { describeError, type Logger } from './log.ts';
import { processClaims, processJobs } from '../state/embedded.ts';
import type { ActivityClaims, JobRecord } from '../state/types.ts';
import { LedgerWriter } from './ledger.ts';
import { WorkingUpdates } from './working-updates.ts';
import { trackReads, type Progress } from '../commands/progress.ts';
import { watchCalls } from '../azure/call-watch.ts';

export interface BotOptions {
  adapter: CloudAdapter;
  config: AppConfig;
  services: Services;
  commands: readonly CommandSpec[];
  log: Logger;
  delivery: Delivery;
  inflight: InFlight;
  dedupe?: ActivityDeduper<Seen>;
  /** Upper bound for one background command, in ms; its signal aborts then. Default: Azure call budget + 30 s. */
  commandBudgetMs?: number;
  /** When the working card of a slow Azure command is first redrawn with its progress, and how often then. */
  progress?: { firstMs: number; everyMs: number };
}

/** What is remembered about an activity id: for invokes, the answer, so a retried invoke gets the same one. */
export interface Seen {
  at: number;
  invoke?: Promise<InvokeResponse>;
}

type Source = 'message' | 'submit' | 'invoke';

interface Turn {
  locale: Locale;
  t: Translate;
  ctx: CommandContext;
  conversationId: string;
  source: Source;
  started: number;
  /** A follow-up from a button: the command of the card it was on (its answer links back to it). */
  origin?: string;
}

/** The working card's first progress update comes after this long (most commands are done by then), then every PROGRESS_EVERY_MS. */
export const PROGRESS_FIRST_MS = 4_000;
export const PROGRESS_EVERY_MS = 5_000;

/** Longest request text written to a log line. */
const LOG_TEXT_MAX = 300;

export class NetOpsBot extends ActivityHandler {
  private readonly o: BotOptions;
  /** The conversations' context: shared by every instance when the state is on Azure Storage. */
  private readonly memory: ConversationMemory;
  /** Per running background job: records it in the audit trail as interrupted (see interrupt()). */
  private readonly auditInterrupted = new WeakMap<Job, () => void>();
  /**
   * What a button runs: exactly the command it carries (buttons always name their circuit, peering and path),
   * never topped up from what the conversation did since the card was drawn. It still updates the memory.
   */
  private readonly buttonMemory: ConversationMemory = {
    recall: async () => ({}),
    remember: (id, values) => this.memory.remember(id, values),
    revert: (id, replaced, previous) => this.memory.revert(id, replaced, previous),
  };
  private readonly confirmations: Confirmations;
  /** Retry claims other instances see, and the ledger of background commands (no-ops with one instance). */
  private readonly claims: ActivityClaims;
  private readonly ledger: LedgerWriter;
  /** The context read for a typed message, started as soon as the activity arrives (see run()). */
  private readonly prefetched = new WeakMap<Partial<Activity>, Promise<Remembered>>();
  /** UPN by user ('' = looked up, none): see upnOf. */
  private readonly upns = new LRUCache<string, string>({ max: 10_000, ttl: 3_600_000 });
  private readonly dedupe: ActivityDeduper<Seen>;
  private readonly appId: string;
  /** The answer-setter of each adaptiveCard/action invoke in progress (see `run`). */
  private readonly pendingInvoke = new WeakMap<Partial<Activity>, (r: InvokeResponse) => void>();

  constructor(options: BotOptions) {
    super();
    this.o = options;
    this.dedupe = options.dedupe ?? new ActivityDeduper<Seen>();
    const state = options.services.state;
    this.memory = state?.context ?? createMemory();
    this.confirmations = state?.confirmations ?? createConfirmations();
    this.claims = state?.claims ?? processClaims;
    this.ledger = new LedgerWriter(state?.jobs ?? processJobs(), options.log);
    this.appId = options.config.bot.appId ?? '';
    this.onMessage(async (context, next) => {
      await this.onText(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const a = context.activity;
    const conversationId = a.conversation?.id ?? '';
    if (a.type === 'message' || a.type === 'invoke') {
      const seen: Seen = { at: Date.now() };
      const prior = this.dedupe.check(conversationId, a.id, seen);
      if (prior) {
        this.o.log.info({ msg: 'duplicate activity dropped', activityId: a.id, conversationId, type: a.type });
        if (a.type === 'invoke' && prior.invoke) {
          const answer = await withTimeout(prior.invoke, 10_000, invokeError(503, 'Busy', 'still working on the first attempt'));
          await context.sendActivity({ type: 'invokeResponse', value: answer });
        } else if (a.type === 'invoke') {
          await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
        }
        return;
      }
      // Typed text will need the conversation's context: read it while the claim is being made, not after.
      if (a.type === 'message' && a.value === undefined && a.text) {
        const recalled = this.memory.recall(conversationId);
        recalled.catch(() => undefined); // read (and its failure handled) by the engine, if the activity runs
        this.prefetched.set(a, recalled);
      }
      if (a.id && !(await this.claimShared(conversationId, a.id))) {
        // Another instance took this activity first (a Teams retry spread over instances).
        this.o.log.info({ msg: 'duplicate activity dropped', activityId: a.id, conversationId, type: a.type, claimedBy: 'another instance' });
        if (a.type === 'invoke') await context.sendActivity({ type: 'invokeResponse', value: await this.sharedAnswer(conversationId, a.id) });
        return;
      }
      if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
        // Remember the answer before computing it so that a retry arriving meanwhile waits for it.
        let settle!: (r: InvokeResponse) => void;
        seen.invoke = new Promise<InvokeResponse>((r) => (settle = r));
        this.pendingInvoke.set(context.activity, settle);
      }
    }
    await super.run(context);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    let answer: InvokeResponse;
    try {
      answer = await this.onCardAction(context);
    } catch (err) {
      this.o.log.error({ msg: 'card action failed', conversationId: context.activity.conversation?.id, ...describeError(err) });
      const t = translator(localeFrom(context.activity.locale));
      answer = invokeCard(renderResultCard(errorResult('', { code: 'internal', message: t('host:error.internal') }), t));
    }
    this.pendingInvoke.get(context.activity)?.(answer);
    const { id, conversation } = context.activity;
    if (id && conversation?.id) {
      this.claims.saveAnswer(conversation.id, id, answer).catch((err: unknown) => this.o.log.warn({ msg: 'invoke answer not shared', ...describeError(err) }));
    }
    return answer;
  }

  // ---------------------------------------------------------------------------------------------------------

  private async onText(context: TurnContext): Promise<void> {
    const a = context.activity;
    const submitted = submittedCommand(a.value);
    let source: Source = 'message';
    let text: string;
    if (submitted !== undefined) {
      text = submitted;
      source = 'submit';
    } else if (a.value !== undefined && a.value !== null && !a.text) {
      return; // a submit from some other card: not ours
    } else {
      text = stripMentions(a.text ?? '').trim();
    }
    const turn = this.turn(context, source, await this.upnOf(context));
    if (source === 'submit') {
      const origin = originOf(a.value);
      if (origin) turn.origin = origin;
    }
    const recalled = this.prefetched.get(a);
    const typedMemory: ConversationMemory = recalled ? { ...this.memory, recall: () => recalled } : this.memory;
    await this.answerWithNewCards(context, turn, text, source === 'submit' ? this.buttonMemory : typedMemory);
  }

  /**
   * Answers in new messages of the conversation: the result card (fast commands), or a "working" card now and
   * the result in its place later (slow ones). Typed commands, and follow-ups from buttons: the card a button
   * was on stays as it was.
   */
  private async answerWithNewCards(context: TurnContext, turn: Turn, text: string, memory: ConversationMemory): Promise<void> {
    const refused = this.refusal(turn);
    if (refused) return this.replyAndLog(context, turn, undefined, text, refused);
    const prepared = await prepareCommand(text, turn.ctx, memory);
    if (!prepared.ok) return this.replyAndLog(context, turn, undefined, text, prepared.result);
    if (!prepared.needsAck) {
      const result = await executeCommand(prepared, turn.ctx, this.memory);
      return this.replyAndLog(context, turn, prepared.spec, prepared.request, result);
    }

    const reference = TurnContext.getConversationReference(context.activity);
    const ack = this.workingCard(prepared, turn.t);
    // The command starts now; the "working" card goes out in parallel and the result waits for its id.
    let ackSent!: (id: string | undefined) => void;
    const ackId = new Promise<string | undefined>((resolve) => (ackSent = resolve));
    const job = this.background(turn, prepared, reference, undefined, () => ackId);
    const id = await this.send(context, turn, ack).catch((err: unknown) => {
      this.o.log.warn({ msg: 'working card not delivered', conversationId: turn.conversationId, ...describeError(err) });
      return undefined;
    });
    job.cardActivityId = id;
    ackSent(id);
  }

  private async onCardAction(context: TurnContext): Promise<InvokeResponse> {
    const a = context.activity;
    const action = (a.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined)?.action;
    const t = translator(localeFrom(a.locale));
    if (!action || action.verb !== RUN_VERB) {
      this.o.log.warn({ msg: 'unknown card action', verb: typeof action?.verb === 'string' ? action.verb.slice(0, 80) : undefined, conversationId: a.conversation?.id });
      return invokeError(400, 'NotSupported', t('host:error.unknownAction'));
    }
    const command = (action.data as { command?: unknown } | undefined)?.command;
    if (typeof command !== 'string' || !command.trim()) {
      return invokeError(400, 'BadRequest', t('host:error.missingCommand'));
    }
    const turn = this.turn(context, 'invoke', await this.upnOf(context));
    const text = stripMentions(command).trim();
    const origin = originOf(action.data);
    if (origin && !sameCardCommand(text, origin)) {
      // A follow-up diagnostic: the card it came from keeps its diagnosis; the answer comes as a new card
      // that links back to it. The invoke answer leaves the clicked card as it is and says so. (A card drawn
      // before buttons carried their card's command has no origin: it is answered in place, as it was then.)
      turn.origin = origin;
      await this.answerWithNewCards(context, turn, text, this.buttonMemory);
      // The command shown as cards show it: bidi controls and zero-width characters as escapes (issue 15, point 8).
      return invokeMessage(t('host:followUp.posted', { command: clipOneLine(visible(text), 80) }));
    }
    // The card's own command again (retry), another page of it, or its confirmation: answered in place.
    const refused = this.refusal(turn);
    if (refused) {
      this.logCommand(turn, undefined, text, refused, false);
      return invokeCard(renderResultCard(refused, turn.t));
    }
    const prepared = await prepareCommand(text, turn.ctx, this.buttonMemory);
    if (!prepared.ok) {
      this.logCommand(turn, undefined, text, prepared.result, false);
      return invokeCard(renderResultCard(prepared.result, turn.t));
    }
    if (!prepared.needsAck) {
      const result = await executeCommand(prepared, turn.ctx, this.memory);
      this.logCommand(turn, prepared.spec, prepared.request, result, false);
      return invokeCard(this.render(result, turn));
    }
    // The working card replaces the clicked card for the clicker now; the result replaces it for everyone later.
    const reference = TurnContext.getConversationReference(a);
    const cardId = a.replyToId || undefined;
    this.background(turn, prepared, reference, cardId, async () => cardId);
    return invokeCard(this.workingCard(prepared, turn.t));
  }

  // ---------------------------------------------------------------------------------------------------------

  /** Runs a prepared slow command in the background and puts its result on the card `cardId()` resolves to. */
  private background(
    turn: Turn,
    prepared: Extract<Prepared, { ok: true }>,
    reference: Partial<ConversationReference>,
    cardActivityId: string | undefined,
    cardId: () => Promise<string | undefined>,
  ): Job {
    const budget = commandBudget(prepared.spec.calls, this.o.commandBudgetMs, this.o.config.azure.callTimeoutMs);
    return this.o.inflight.start(
      {
        conversationId: turn.conversationId,
        command: prepared.spec.name,
        request: prepared.request,
        locale: turn.locale,
        cardActivityId,
        reference,
      },
      async (job) => {
        // If shutdown interrupts this job, the audit trail still records the command (interrupt() calls it).
        this.auditInterrupted.set(job, () => this.audit(turn, prepared.spec, prepared.request, 'interrupted'));
        // If this whole instance dies, another one finds the job in the ledger and does the same (takeOver()).
        // Written once the card to mark is known (the "working" card is sent meanwhile), beside the command.
        this.ledger.register(job, (cardActivityId) => this.jobRecord(job, turn, prepared, reference, cardActivityId), cardId());
        try {
          await this.runJob(job, turn, prepared, reference, budget, cardId);
        } finally {
          this.ledger.finish(job);
        }
      },
    );
  }

  private async runJob(
    job: Job,
    turn: Turn,
    prepared: Extract<Prepared, { ok: true }>,
    reference: Partial<ConversationReference>,
    budget: number,
    cardId: () => Promise<string | undefined>,
  ): Promise<void> {
    // Let the "working" card's send get onto the wire before the command's synchronous start-up runs.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // A timer we clear: AbortSignal.timeout would keep every finished job's signal alive for the whole budget.
    const timer = setTimeout(() => job.controller.abort(new DOMException('command budget exceeded', 'TimeoutError')), budget);
    // Azure reads are slow (ARP and route tables: 10-60 s): the working card says what is done and what is awaited.
    const live =
      prepared.spec.calls === 'azure'
        ? new WorkingUpdates({
            firstMs: this.o.progress?.firstMs ?? PROGRESS_FIRST_MS,
            everyMs: this.o.progress?.everyMs ?? PROGRESS_EVERY_MS,
            draw: (progress, elapsedMs) => this.drawProgress(job, turn, prepared, reference, cardId, progress, elapsedMs),
          })
        : undefined;
    const services = live ? { ...turn.ctx.services, azure: trackReads(turn.ctx.services.azure, live.onChange) } : turn.ctx.services;
    let result: Awaited<ReturnType<typeof executeCommand>>;
    try {
      // Throttling waits are planned within this command's budget and shown on its working card.
      const watch = { deadline: Date.now() + budget, onWait: live?.onThrottle ?? (() => undefined) };
      result = await watchCalls(watch, () => executeCommand(prepared, { ...turn.ctx, services, signal: job.controller.signal }, this.memory));
    } finally {
      clearTimeout(timer);
      await live?.stop(); // no progress update may land after the result
    }
    const id = await cardId();
    if (job.interrupted) return; // shutdown already marked the card, logged and audited the command
    const delivered = await this.deliverProactive(turn.conversationId, reference, id, this.render(result, turn));
    this.logCommand(turn, prepared.spec, prepared.request, result, true, delivered);
  }

  /**
   * Sends a command's answer in the turn, then logs and audits the command whatever became of the answer: a
   * reply the connector refused (or that could not get a token) is recorded as not delivered, never lost.
   */
  private async replyAndLog(context: TurnContext, turn: Turn, spec: CommandSpec | undefined, request: string, result: Result): Promise<void> {
    let delivered = true;
    try {
      await this.send(context, turn, this.render(result, turn));
    } catch (err) {
      delivered = false;
      this.o.log.warn({ msg: 'reply not delivered', conversationId: turn.conversationId, ...describeError(err) });
    } finally {
      this.logCommand(turn, spec, request, result, false, delivered);
    }
  }

  /** What another instance needs to mark this job interrupted, should this instance die. */
  /** Redraws the working card with the command's progress; a failed update is skipped (the next one may land). */
  private async drawProgress(
    job: Job,
    turn: Turn,
    prepared: Extract<Prepared, { ok: true }>,
    reference: Partial<ConversationReference>,
    cardId: () => Promise<string | undefined>,
    progress: Progress | undefined,
    elapsedMs: number,
  ): Promise<void> {
    const id = await cardId();
    if (!id || job.interrupted) return;
    const card = this.workingCard(prepared, turn.t, { reads: progress?.reads ?? [], elapsedMs, ...(progress?.throttledUntil ? { throttledForMs: progress.throttledUntil - Date.now() } : {}) });
    await this.deliverProactive(turn.conversationId, reference, id, card, { orPost: false });
  }

  private jobRecord(job: Job, turn: Turn, prepared: Extract<Prepared, { ok: true }>, reference: Partial<ConversationReference>, cardActivityId: string | undefined): JobRecord {
    return {
      id: this.ledger.idOf(job),
      instanceId: this.ledger.instanceId,
      conversationId: turn.conversationId,
      command: prepared.spec.name,
      request: prepared.request,
      locale: turn.locale,
      ...(cardActivityId ? { cardActivityId } : {}),
      reference,
      audit: this.auditBase(turn, prepared.spec, prepared.request),
      startedAt: new Date(turn.started).toISOString(),
    };
  }

  /** Resolves when every ledger write started so far has settled (shutdown waits for it before giving up the lease). */
  flushLedger(): Promise<void> {
    return this.ledger.flush();
  }

  /** First claim of this activity across instances; when the store cannot say, the activity runs (a read twice beats none). */
  private async claimShared(conversationId: string, activityId: string): Promise<boolean> {
    try {
      return await this.claims.claim(conversationId, activityId);
    } catch (err) {
      this.o.log.warn({ msg: 'retry claim not checked; running the activity', conversationId, ...describeError(err) });
      return true;
    }
  }

  /** The answer the instance that took an invoke gave it, waited for up to 10 s. */
  private async sharedAnswer(conversationId: string, activityId: string): Promise<InvokeResponse> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const answer = await this.claims.answer(conversationId, activityId).catch(() => undefined);
      if (isInvokeResponse(answer)) return answer;
      await new Promise((r) => setTimeout(r, 250));
    }
    return invokeError(503, 'Busy', 'still working on the first attempt');
  }

  /**
   * Commands of an instance that died (its lease ran out): the ledger handed them to this instance, once.
   * Each is audited and logged as interrupted, and its card says so, with a button to run it again.
   */
  async takeOver(records: readonly JobRecord[]): Promise<void> {
    await Promise.all(
      records.map(async (rec) => {
        const locale = localeFrom(rec.locale);
        const t = translator(locale);
        const durationMs = Math.max(0, Date.now() - Date.parse(rec.startedAt));
        this.o.log.warn({ msg: 'command', conversationId: rec.conversationId, command: rec.command, request: clip(rec.request), outcome: 'interrupted', instance: rec.instanceId, takenOverBy: this.ledger.instanceId });
        this.o.services.audit?.append({ ...rec.audit, outcome: 'interrupted', durationMs }).catch((err: unknown) => this.o.log.warn({ msg: 'audit append failed', ...describeError(err) }));
        const result = errorResult(
          rec.command,
          { code: 'interrupted', message: t('host:interrupted'), retryable: true },
          { request: rec.request, followUps: [{ title: t('host:retry'), command: rec.request }] },
        );
        await this.deliverProactive(rec.conversationId, rec.reference as Partial<ConversationReference>, rec.cardActivityId, this.render(result, { t }));
      }),
    );
  }

  /**
   * Updates card `cardId` in place, or posts a new message when there is no card to update or the update
   * failed (`orPost: false`, for progress: then nothing is posted). Resolves to whether the card arrived.
   */
  async deliverProactive(
    conversationId: string,
    reference: Partial<ConversationReference>,
    cardId: string | undefined,
    card: RenderedCard,
    { orPost = true }: { orPost?: boolean } = {},
  ): Promise<boolean> {
    const { adapter, delivery, log } = this.o;
    let delivered = false;
    try {
      await adapter.continueConversationAsync(this.appId, reference, async (c) => {
        if (cardId) {
          try {
            await delivery.run(conversationId, 'update', () => c.updateActivity({ ...cardActivity(card), id: cardId }));
            delivered = true;
            return;
          } catch (err) {
            if (!orPost) {
              log.warn({ msg: 'progress update failed', conversationId, cardId, ...describeError(err) });
              return;
            }
            log.warn({ msg: 'card update failed, posting the result as a new message', conversationId, cardId, ...describeError(err) });
          }
        }
        if (orPost) {
          await delivery.run(conversationId, 'create', () => c.sendActivity(cardActivity(card)));
          delivered = true;
        }
      });
    } catch (err) {
      log.error({ msg: 'result not delivered', conversationId, cardId, ...describeError(err) });
    }
    return delivered;
  }

  /** Shutdown: the grace period is over; mark these jobs' cards as interrupted and stop their work. */
  async interrupt(jobs: readonly Job[]): Promise<void> {
    await Promise.all(
      jobs.map(async (job) => {
        job.interrupted = true;
        job.controller.abort(new Error('shutting down'));
        const t = translator(job.locale);
        const result = errorResult(
          job.command,
          { code: 'interrupted', message: t('host:interrupted'), retryable: true },
          { request: job.request, followUps: [{ title: t('host:retry'), command: job.request }] },
        );
        this.o.log.info({ msg: 'command', conversationId: job.conversationId, command: job.command, request: clip(job.request), outcome: 'interrupted', acked: true });
        this.auditInterrupted.get(job)?.();
        await this.deliverProactive(job.conversationId, job.reference as Partial<ConversationReference>, job.cardActivityId, this.render(result, { t }));
      }),
    );
  }

  // ---------------------------------------------------------------------------------------------------------

  /**
   * Teams activities carry the user's Entra object id but not their UPN. When an operator rule names a UPN,
   * ask Teams for the member (cached for an hour); on any failure the user is simply not matched by UPN.
   */
  private async upnOf(context: TurnContext): Promise<string | undefined> {
    if (!this.o.config.operators.some((r) => r.principal.includes('@'))) return undefined;
    const from = context.activity.from;
    const key = from?.aadObjectId ?? from?.id;
    if (!key) return undefined;
    if (this.upns.has(key)) return this.upns.get(key) || undefined;
    let upn = '';
    try {
      upn = (await TeamsInfo.getMember(context, from.id)).userPrincipalName ?? '';
    } catch (err) {
      this.o.log.warn({ msg: 'member lookup failed; UPN rules do not apply to this user', userId: from.id, ...describeError(err) });
    }
    this.upns.set(key, upn);
    return upn || undefined;
  }

  private turn(context: TurnContext, source: Source, upn?: string): Turn {
    const a = context.activity;
    const locale = localeFrom(a.locale);
    const t = translator(locale);
    const conversationId = a.conversation?.id ?? '';
    const channelTenant = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
    const tenantId = a.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : undefined);
    const requester: Requester = {
      id: a.from?.id ?? 'unknown',
      ...(a.from?.name ? { name: a.from.name } : {}),
      ...(a.from?.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
      ...(upn ? { upn } : {}),
      ...(tenantId ? { tenantId } : {}),
    };
    const teams = a.channelData as { team?: { id?: unknown }; channel?: { id?: unknown } } | undefined;
    const places = [conversationId, teams?.team?.id, teams?.channel?.id].filter((x): x is string => typeof x === 'string' && x !== '');
    const role = roleOf({ ...(requester.aadObjectId ? { aadObjectId: requester.aadObjectId } : {}), ...(upn ? { upn } : {}), places }, this.o.config.operators);
    const kind = a.conversation?.conversationType;
    const conversationType = kind === 'personal' || kind === 'groupChat' || kind === 'channel' ? kind : undefined;
    const ctx: CommandContext = {
      locale,
      t,
      requester,
      conversationId,
      services: this.o.services,
      commands: this.o.commands,
      role,
      ...(conversationType ? { conversationType } : {}),
      confirmations: this.confirmations,
    };
    return { locale, t, ctx, conversationId, source, started: Date.now() };
  }

  /** Users of tenants outside ALLOWED_TENANT_IDS are told so, and nothing runs. */
  private refusal(turn: Turn): Result | undefined {
    const allowed = this.o.config.allowedTenantIds;
    const tenant = turn.ctx.requester.tenantId?.toLowerCase();
    if (allowed.length === 0 || (tenant !== undefined && allowed.includes(tenant))) return undefined;
    return errorResult('', { code: 'tenant-not-allowed', message: turn.t('host:refused.tenant'), retryable: false });
  }

  private workingCard(prepared: Extract<Prepared, { ok: true }>, t: Translate, progress?: { reads: Progress['reads']; elapsedMs: number; throttledForMs?: number }): RenderedCard {
    const nameParam = prepared.spec.params.find((p) => p.kind.type === 'name');
    const target = nameParam ? prepared.args[nameParam.name] : undefined;
    return renderWorkingCard(
      {
        command: prepared.spec.name,
        ...(target !== undefined ? { target: String(target) } : {}),
        working: prepared.working,
        request: prepared.request,
        simulated: this.o.services.azure.simulated,
        ...(progress ? { progress } : {}),
      },
      t,
    );
  }

  /** Renders a result; a renderer failure becomes a plain error card rather than no answer. */
  private render(result: Result, { t, origin }: { t: Translate; origin?: string }): RenderedCard {
    if (origin) result.origin = origin;
    try {
      return renderResultCard(result, t);
    } catch (err) {
      this.o.log.error({ msg: 'render failed', command: result.command, ...describeError(err) });
      return renderResultCard(errorResult(result.command, { code: 'internal', message: t('host:error.internal') }), t);
    }
  }

  private async send(context: TurnContext, turn: Turn, card: RenderedCard): Promise<string | undefined> {
    const res = await this.o.delivery.run(turn.conversationId, 'create', () => context.sendActivity(cardActivity(card)));
    return res?.id || undefined;
  }

  private logCommand(turn: Turn, spec: CommandSpec | undefined, request: string, result: Result, acked: boolean, delivered = true): void {
    const r = turn.ctx.requester;
    const { command, outcome } = auditOutcome(result, this.o.commands);
    this.o.log.info({
      msg: 'command',
      userId: r.id,
      ...(r.aadObjectId ? { aadObjectId: r.aadObjectId } : {}),
      ...(r.tenantId ? { tenantId: r.tenantId } : {}),
      conversationId: turn.conversationId,
      commandId: spec?.id ?? command,
      request: clip(request),
      source: turn.source,
      outcome,
      durationMs: Date.now() - turn.started,
      acked,
      locale: turn.locale,
      role: turn.ctx.role,
      ...(delivered ? {} : { delivered: false }),
    });
    this.audit(turn, spec, request, outcome, command, delivered);
  }

  /** Who ran what, where: an audit entry but for how it ended. */
  private auditBase(turn: Turn, spec: CommandSpec | undefined, request: string, command?: string): Omit<AuditEntry, 'outcome' | 'durationMs'> {
    const r = turn.ctx.requester;
    return {
      time: new Date(turn.started).toISOString(),
      userId: r.id,
      ...(r.name ? { userName: r.name } : {}),
      ...(r.aadObjectId ? { aadObjectId: r.aadObjectId } : {}),
      ...(r.tenantId ? { tenantId: r.tenantId } : {}),
      conversationId: turn.conversationId,
      source: turn.source,
      command: spec?.id ?? (command || 'unknown'),
      request,
      ...(turn.ctx.role ? { role: turn.ctx.role } : {}),
    };
  }

  /** One entry of the audit trail (src/audit/store.ts): who ran what, where, how it ended. */
  private audit(turn: Turn, spec: CommandSpec | undefined, request: string, outcome: string, command?: string, delivered = true): void {
    this.o.services.audit
      ?.append({ ...this.auditBase(turn, spec, request, command), outcome, durationMs: Date.now() - turn.started, ...(delivered ? {} : { delivery: 'failed' as const }) })
      .catch((err: unknown) => this.o.log.warn({ msg: 'audit append failed', ...describeError(err) }));
  }
}

/** The command of the card a button was on (`data.origin` of its action, or of a submit's value); bounded. */
function originOf(data: unknown): string | undefined {
  const origin = (data as { origin?: unknown } | null | undefined)?.origin;
  if (typeof origin !== 'string') return undefined;
  const text = stripMentions(origin).trim();
  return text ? text.slice(0, 500) : undefined;
}

/** The command without its ` page N` or ` confirm <token>`: what a card's own buttons keep running. */
function cardCommand(text: string): string {
  return text
    .replace(/\s+confirm\s+\S+\s*$/i, '')
    .replace(/\s+page\s+\d+\s*$/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * A button that runs the card's own command again (retry), another page of it, or its confirmation. A long
 * command reaches the buttons clipped with "…" (render/card.ts originOf): then its beginning must match.
 */
export function sameCardCommand(command: string, origin: string): boolean {
  if (origin.endsWith('…')) return cardCommand(command).startsWith(cardCommand(origin.slice(0, -1)));
  return cardCommand(command) === cardCommand(origin);
}

function clipOneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function isInvokeResponse(v: unknown): v is InvokeResponse {
  return typeof v === 'object' && v !== null && typeof (v as { status?: unknown }).status === 'number';
}

/** `{ verb: 'netops.run', command }` from an Action.Submit fallback; undefined for anything else. */
export function submittedCommand(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { verb?: unknown; command?: unknown; msteams?: unknown };
  if (v.verb !== RUN_VERB || typeof v.command !== 'string') return undefined;
  return stripMentions(v.command).trim();
}

/** Command text as it may appear in a log line: secrets redacted, one line, bounded. */
function clip(text: string): string {
  const oneLine = redact(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > LOG_TEXT_MAX ? `${oneLine.slice(0, LOG_TEXT_MAX)}…` : oneLine;
}

function withTimeout<T>(p: Promise<T>, ms: number, otherwise: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(otherwise), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      () => (clearTimeout(timer), resolve(otherwise)),
    );
  });
}

/** Probe runs last up to the agent's 120 s cap, so they get at least this long before their signal aborts. */
export const PROBE_BUDGET_MS = 150_000;

/** How long one background command may run: the configured budget, else the Azure call budget + 30 s; probes longer. */
export function commandBudget(calls: 'none' | 'azure' | 'probe', configured: number | undefined, azureCallTimeoutMs: number): number {
  if (configured !== undefined) return configured;
  const azure = azureCallTimeoutMs + 30_000;
  return calls === 'probe' ? Math.max(azure, PROBE_BUDGET_MS) : azure;
}
