/**
 * The Result model every command returns (docs/architecture.md, "The Result model"). `--json` prints it as is.
 * Plain data only: no card JSON, no botbuilder types. Field names are a contract; add, never rename.
 */
import type { FollowUp, Verdict } from '../diagnosis/verdict.ts';
import type { CommandSpec } from './types.ts';

export type { FollowUp, Verdict };

export interface ResultError {
  /** Stable machine code, e.g. "unknown-command", "not-found", "forbidden", "throttled". */
  code: string;
  /** User-facing, localized. Never a stack trace. */
  message: string;
  /** Closest matches for an unknown command or a missing resource. */
  suggestions?: string[];
  /** For "forbidden": the Azure permission that is missing. */
  missingPermission?: string;
  /** Whether trying again later may help (throttling, timeouts, transient Azure failures). */
  retryable?: boolean;
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Optional key into Result.data or a short note shown under the table. */
  note?: string;
  /**
   * Per row (same index as `rows`), the command one click on that row runs, e.g. `bgp status tokyo-er` on a
   * circuit's row; null for a row without one. A card makes the row's last cell clickable, with the title
   * under its text; the text renderer leaves them out. For a row's own drill-down, instead of one button per row.
   */
  rowActions?: (FollowUp | null)[];
}

export interface Result {
  command: string;
  target?: string;
  ok: boolean;
  error?: ResultError;
  verdicts: Verdict[];
  tables: Table[];
  followUps: FollowUp[];
  data: Record<string, unknown>;
  simulated: boolean;
  generatedAt: string;
  /** The normalized command text that produced this result; pagination buttons re-run it with `page N`. */
  request?: string;
  /** Requested page (1-based) for paginated tables. */
  page?: number;
  /** True when part of the data could not be read (e.g. the secondary path timed out); see verdicts/notes. */
  partial?: boolean;
  /** Short notes shown under the header, e.g. what was assumed from the conversation ("circuit tokyo-er"). */
  notes?: string[];
  /**
   * For a follow-up run from a button: the command of the card the button was on ("bgp status london-er").
   * The follow-up's card is posted as a new card and links back to it; the diagnosis stays where it was.
   */
  origin?: string;
}

export function newResult(command: string, init: Partial<Result> = {}): Result {
  return {
    command,
    ok: true,
    verdicts: [],
    tables: [],
    followUps: [],
    data: {},
    simulated: false,
    generatedAt: new Date().toISOString(),
    ...init,
  };
}

export function errorResult(command: string, error: ResultError, init: Partial<Result> = {}): Result {
  return newResult(command, { ...init, ok: false, error });
}

/** A proposal to confirm (see engine.ts): the command that confirms it, within its time limit. */
export function confirmationOf(r: Result): { command: string; expiresAt: string } | undefined {
  const c = (r.data as { confirmation?: { command?: unknown; expiresAt?: unknown } } | undefined)?.confirmation;
  return typeof c?.command === 'string' && typeof c.expiresAt === 'string' ? { command: c.command, expiresAt: c.expiresAt } : undefined;
}

/**
 * How a run ended, for the log and the audit trail: 'ok', 'proposed' (a confirmation was asked for), or the
 * error code; and the command's id (refusals and proposals come back before a spec is bound: found by name).
 */
export function auditOutcome(r: Result, commands: readonly CommandSpec[]): { command: string; outcome: string } {
  const outcome = r.ok ? (confirmationOf(r) ? 'proposed' : 'ok') : (r.error?.code ?? 'error');
  return { command: commands.find((c) => c.name === r.command)?.id ?? (r.command || 'unknown'), outcome };
}
