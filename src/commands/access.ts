/**
 * Who may run what: roles from configuration, checked by the engine before any command runs. Pure; the host
 * says who is asking and where (Entra object id, UPN when known, conversation/team/channel ids).
 */
import type { OperatorRule } from '../config.ts';
import type { CommandContext, CommandSpec, Role } from './types.ts';

export interface Caller {
  aadObjectId?: string;
  upn?: string;
  /** Conversation, team and channel ids of where the message came from (a rule's scope matches any). */
  places: readonly string[];
}

export function roleOf(caller: Caller, operators: readonly OperatorRule[]): Role {
  const ids = [caller.aadObjectId, caller.upn].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase());
  const places = caller.places.map((p) => p.toLowerCase());
  const operator = operators.some((rule) => ids.includes(rule.principal) && (rule.scope === undefined || places.includes(rule.scope)));
  return operator ? 'operator' : 'reader';
}

export type AccessDenial = 'needs-operator' | 'personal-only';

/** Why this caller may not run this command here; undefined when they may. */
export function accessDenial(spec: CommandSpec, ctx: Pick<CommandContext, 'role' | 'conversationType'>): AccessDenial | undefined {
  const needsOperator = spec.requires === 'operator' || spec.sensitive === true || spec.sideEffects;
  if (needsOperator && ctx.role !== 'operator') return 'needs-operator';
  // A secret shown in a channel stays in its history for everyone in it.
  if (spec.sensitive && ctx.conversationType !== 'personal') return 'personal-only';
  return undefined;
}

/** Commands this caller may run (what `help` shows them). */
export function visibleCommands(commands: readonly CommandSpec[], role: Role | undefined): CommandSpec[] {
  return commands.filter((c) => accessDenial(c, { role, conversationType: 'personal' }) !== 'needs-operator');
}

export function needsConfirmation(spec: CommandSpec): boolean {
  return spec.sideEffects || spec.sensitive === true;
}
