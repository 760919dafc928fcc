/**
 * Shared state: what the bot must know across its instances. Behind Azure Bot Service a conversation's
 * activities are spread over every instance, so all of this lives in one store (Azure Storage) when several
 * run, and in this process and NETOPS_DATA_DIR when one runs (the zero-configuration default).
 *
 * One interface per kind of state, each with two implementations: src/state/embedded.ts and src/state/azure/.
 * Platform-free: the Teams host uses these, but nothing here knows Teams.
 */
import type { AuditEntry, AuditStore } from '../audit/store.ts';
import type { Confirmations } from '../commands/confirmations.ts';
import type { ConversationMemory } from '../commands/types.ts';
import type { BaselineStore } from '../probes/baselines.ts';

/**
 * Teams retries an activity whose turn took over 15 s, and the retry may reach another instance. The first
 * instance to claim (conversation, activity id) runs it; every later claim, anywhere, is told it is a repeat.
 */
export interface ActivityClaims {
  /** true for the first claim of this activity (within the claims' time to live), false for a repeat. */
  claim(conversationId: string, activityId: string): Promise<boolean>;
  /** Keeps an invoke's answer so that a retry that reached another instance gets the same answer. */
  saveAnswer(conversationId: string, activityId: string, answer: unknown): Promise<void>;
  /** The answer saved for this activity, if any yet. */
  answer(conversationId: string, activityId: string): Promise<unknown>;
}

/** A command still running in the background: enough to tell the conversation and the audit trail if it dies. */
export interface JobRecord {
  /** Unique across instances. */
  id: string;
  instanceId: string;
  conversationId: string;
  command: string;
  request: string;
  locale: string;
  /** The card to mark as interrupted (the "working" card, or the card whose button was pressed). */
  cardActivityId?: string;
  /** Opaque data the host needs to reach the conversation again (a conversation reference). */
  reference: unknown;
  /** The audit entry to write if the command never finishes: everything but outcome and duration. */
  audit: Omit<AuditEntry, 'outcome' | 'durationMs'>;
  startedAt: string;
}

/**
 * Background commands of every instance, and which instances are alive. An instance renews its lease while it
 * runs; the commands of one that stopped renewing (killed, crashed, cut off) are claimed by a survivor, once,
 * which records them as interrupted and tells their conversations.
 */
export interface JobLedger {
  readonly instanceId: string;
  register(job: JobRecord): Promise<void>;
  finish(jobId: string): Promise<void>;
  /** Renews this instance's lease. */
  heartbeat(): Promise<void>;
  /** Jobs of instances whose lease ran out; each is handed to exactly one caller across all instances. */
  claimOrphans(): Promise<JobRecord[]>;
  /** This instance stops cleanly: its lease is given up (its own unfinished jobs were marked already). */
  retire(): Promise<void>;
}

export interface StateHealth {
  ok: boolean;
  detail: string;
}

export interface SharedState {
  /** 'files': this process and NETOPS_DATA_DIR; 'azure': Azure Storage, shared by every instance. */
  readonly kind: 'files' | 'azure';
  /** Where it is, for /readyz and `about` (never a secret: no key, no SAS). */
  readonly location: string;
  /** What was put right when the store opened (e.g. file modes corrected), one log line each. */
  readonly notices: readonly string[];
  readonly context: ConversationMemory;
  readonly confirmations: Confirmations;
  readonly claims: ActivityClaims;
  readonly audit: AuditStore;
  readonly baselines: BaselineStore;
  readonly jobs: JobLedger;
  /** Can the store be read and written now? */
  health(): Promise<StateHealth>;
  /** Deletes what has expired (old claims, proposals, contexts); returns how many records went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}
