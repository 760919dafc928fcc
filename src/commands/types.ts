/**
 * Declarative command specs and the context a command runs in. Platform-free: nothing here knows Teams;
 * the host (src/teams/), the CLI (src/cli/) and tests drive commands through src/commands/engine.ts.
 */
import type { AuditStore } from '../audit/store.ts';
import type { AzureReader } from '../azure/reader.ts';
import type { AppConfig } from '../config.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { ProbeService } from '../probes/service.ts';
import type { Confirmations } from './confirmations.ts';
import type { Result } from './result.ts';
import type { SharedState } from '../state/types.ts';

/** How a parameter's token is recognized and validated. */
export type ParamKind =
  /** A resource name (circuit, gateway, connection, VM, agent...). Any token that no other param claims. */
  | { type: 'name'; resource: 'circuit' | 'gateway' | 'connection' | 'vm' | 'nic' | 'agent' | 'target' | 'any' }
  /** One of a fixed set; maps accepted spellings (lower-case) to the canonical value. */
  | { type: 'enum'; values: Readonly<Record<string, string>> }
  | { type: 'int'; min?: number; max?: number }
  /** An IPv4 prefix such as 10.20.0.0/16 (a bare address means /32). */
  | { type: 'cidr' }
  /** A command name (for `help <command>`): the rest of the line. */
  | { type: 'rest' };

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  required?: boolean;
  /** Canonical default value used when the token is absent. */
  default?: string;
  /** A keyword that introduces the value: `page 2`, `from agent-1`, `n 20`. */
  keyword?: string;
  /**
   * Remembered per conversation: when omitted, the last value used in this conversation is taken and the
   * card says so ("assumed circuit tokyo-er"). After a successful run the value is remembered.
   */
  remember?: 'circuit' | 'peering' | 'gateway' | 'vm';
}

export type ArgValue = string | number;
export type Args = Readonly<Record<string, ArgValue | undefined>>;

export interface Requester {
  id: string;
  name?: string;
  aadObjectId?: string;
  /** Known when the host looked it up (Teams does not put it on activities). */
  upn?: string;
  tenantId?: string;
}

/** reader: every read-only diagnostic (default). operator: also sensitive reads and, later, side effects. */
export type Role = 'reader' | 'operator';

/** What a conversation remembers: the circuit, peering, gateway or VM it last used. */
export type Remembered = Readonly<Partial<Record<NonNullable<ParamSpec['remember']>, string>>>;

/**
 * The conversation's context, shared by every instance of the bot when the state is on Azure Storage (a
 * conversation's activities may reach any instance). Asynchronous for that reason.
 */
export interface ConversationMemory {
  recall(conversationId: string): Promise<Remembered>;
  remember(conversationId: string, values: Remembered): Promise<void>;
  /**
   * Undoes a `remember(conversationId, replaced)` whose command failed: each key that still holds what
   * `replaced` set gets its `previous` value back (or is forgotten); a key a newer command changed stays.
   */
  revert(conversationId: string, replaced: Remembered, previous: Remembered): Promise<void>;
}

export interface Services {
  azure: AzureReader;
  /** The audit trail (src/audit/store.ts); createServices always provides one. */
  audit?: AuditStore;
  config: AppConfig;
  /** Probe agents, baselines and pacing for the latency commands (src/probes/service.ts); createServices always provides one. */
  probes?: ProbeService;
  /** The package version, for `about`. */
  version: string;
  /**
   * Context, proposals, retry claims, audit and baselines: in this process and NETOPS_DATA_DIR, or on Azure
   * Storage shared by every instance (src/state/). createServices always provides it.
   */
  state?: SharedState;
}

export interface CommandContext {
  locale: Locale;
  t: Translate;
  requester: Requester;
  conversationId: string;
  services: Services;
  /** Every registered command, for `help`. */
  commands: readonly CommandSpec[];
  /** The requester's role here (see src/commands/access.ts); absent = reader. */
  role?: Role;
  /** Kind of conversation; a secret is only ever shown in a personal (1:1) chat. Absent = unknown. */
  conversationType?: 'personal' | 'groupChat' | 'channel';
  /** Pending proposals of this host (shared by every instance on Azure Storage); absent = the engine's process-wide store. */
  confirmations?: Confirmations;
  /** Aborted when the host shuts down or the request's budget runs out. */
  signal?: AbortSignal;
}

export interface CommandSpec {
  /** Canonical name, possibly several words: "bgp status". */
  name: string;
  /** Stable id used for i18n keys (`help:<id>.summary`, `help:<id>.description`) and logs: "bgp-status". */
  id: string;
  /** Other spellings, possibly several words: ["bgp", "bgp summary"]. */
  aliases: readonly string[];
  params: readonly ParamSpec[];
  /** Full command texts; the first is shown in errors about arguments. */
  examples: readonly string[];
  /** Commands with side effects are proposed, then confirmed with a button that expires. */
  sideEffects: boolean;
  /** A read that shows a secret: operator only, proposed then confirmed, and only in a personal chat. */
  sensitive?: boolean;
  /** Who may run it; absent = everyone the bot lets in. */
  requires?: Role;
  /** What the command calls; anything but 'none' is acknowledged with a "working" card first. */
  calls: 'none' | 'azure' | 'probe';
  /** Longest text it takes (parse.ts MAX_COMMAND_CHARS unless set; at most MAX_PASTED_CHARS): pasted logs need more. */
  maxInputChars?: number;
  /** Localized one-line text for the "working" card, e.g. "Reading ARP tables of tokyo-er (primary, secondary)". */
  working?(args: Args, t: Translate): string;
  run(args: Args, ctx: CommandContext): Promise<Result>;
}
