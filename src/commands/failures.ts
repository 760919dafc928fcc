/**
 * Turns what a command threw into a user-facing Result error. Azure errors keep their kind as the code and
 * get a localized sentence that says what happened and whether retrying may help; anything else is `internal`
 * with a generic text (the raw error goes to the engine's logger, never into the Result).
 */
import { isAzureError, type AzureError } from '../azure/errors.ts';
import type { Translate } from '../i18n/index.ts';
import { quoteIfNeeded, splitTokens } from './parse.ts';
import type { FollowUp, ResultError } from './result.ts';

export function joinList(items: readonly string[], t: Translate): string {
  return items.join(t('common:listSeparator', { defaultValue: ', ' }));
}

function resourceWord(type: string | undefined, t: Translate): string {
  if (!type) return t('common:resource.any');
  return t(`common:resource.${type}`, { defaultValue: type });
}

/**
 * The commands that list what a name of this resource type may be, for the buttons of a not-found answer
 * (resource types as AzureError.resourceType spells them: resolve.ts, the commands' own lookups).
 */
const LIST_COMMANDS: Readonly<Record<string, readonly { command: string; title: string }[]>> = {
  circuit: [{ command: 'circuits', title: 'common:listCircuits' }],
  gateway: [{ command: 'gateways', title: 'common:listGateways' }],
  // `gateways` shows each gateway's connections and their circuits.
  connection: [{ command: 'gateways', title: 'common:listGateways' }],
  'fastpath-target': [
    { command: 'gateways', title: 'common:listGateways' },
    { command: 'circuits', title: 'common:listCircuits' },
  ],
  vm: [{ command: 'vms', title: 'common:listVms' }],
  // `vms` shows each VM's network interfaces.
  nic: [{ command: 'vms', title: 'common:listVms' }],
};

/** Buttons that list the names a not-found or ambiguous name could have been ("List circuits"). */
export function listFollowUps(resourceType: string | undefined, t: Translate): FollowUp[] {
  return (LIST_COMMANDS[resourceType ?? ''] ?? []).map((l) => ({ title: t(l.title), command: l.command }));
}

export function azureErrorMessage(err: AzureError, t: Translate, endpoint: string | undefined): string {
  const type = resourceWord(err.resourceType, t);
  const name = err.resourceName ?? '';
  const suggestions = joinList(err.suggestions.slice(0, 5), t);
  const target = name ? `${type} ${name}` : type;
  switch (err.kind) {
    case 'not-found': {
      const base = name ? t('errors:azure.not-found', { type, name }) : t('errors:azure.not-found-unnamed', { type });
      if (err.suggestions.length > 0) return `${base} ${t('errors:azure.did-you-mean', { suggestions })}`;
      // Nothing close to what was typed: say where the names are instead of leaving a dead end.
      const list = LIST_COMMANDS[err.resourceType ?? '']?.[0];
      return list && name ? `${base} ${t('errors:azure.not-found-list', { command: list.command })}` : base;
    }
    case 'ambiguous':
      return t('errors:azure.ambiguous', { type, name, suggestions });
    case 'forbidden':
      return err.missingPermission ? t('errors:azure.forbidden', { permission: err.missingPermission, target }) : t('errors:azure.forbidden-unknown', { target });
    case 'unexpected-answer':
      return name ? t('errors:azure.unexpected-answer', { target }) : t('errors:azure.unexpected-answer-unnamed');
    case 'throttled':
      return err.retryAfterMs !== undefined && err.retryAfterMs > 0
        ? t('errors:azure.throttled', { seconds: Math.ceil(err.retryAfterMs / 1000) })
        : t('errors:azure.throttled-unknown');
    case 'unreachable':
      return t('errors:azure.unreachable', { endpoint: endpoint ?? 'Azure Resource Manager' });
    case 'too-large':
      return t('errors:azure.too-large', { limit: err.limitBytes !== undefined ? formatMiB(err.limitBytes) : '?' });
    default:
      // timeout, azure-failure, credential, bad-request (and any kind added later, via its own key).
      return t(`errors:azure.${err.kind}`, { defaultValue: t('errors:azure.azure-failure') });
  }
}

/** "arp table tokio-er secondary" with tokio-er -> tokyo-er: the command the suggestion button runs. */
export function replaceName(request: string, wrong: string, right: string): string | undefined {
  const tokens = splitTokens(request);
  const hit = tokens.find((tok) => tok.text.toLowerCase() === wrong.toLowerCase());
  if (!hit) return undefined;
  return `${request.slice(0, hit.start)}${quoteIfNeeded(right)}${request.slice(hit.end)}`;
}

export interface Failure {
  error: ResultError;
  followUps: FollowUp[];
  target?: string;
}

const isAbort = (e: unknown) => e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');

export function failureFrom(thrown: unknown, t: Translate, request: string, endpoint: string | undefined): Failure {
  if (isAzureError(thrown)) {
    const followUps: FollowUp[] = [];
    // A name that is not there, or that fits several: the same command with each close name, and the list.
    const badName = thrown.kind === 'not-found' || thrown.kind === 'ambiguous';
    if (badName) {
      if (thrown.resourceName) {
        for (const s of thrown.suggestions.slice(0, 5)) {
          const command = replaceName(request, thrown.resourceName, s);
          if (command) followUps.push({ title: command, command });
        }
      }
      followUps.push(...listFollowUps(thrown.resourceType, t));
    }
    if (thrown.retryable) followUps.push({ title: t('common:retry'), command: request });
    const error: ResultError = { code: thrown.kind, message: azureErrorMessage(thrown, t, endpoint) };
    // Whether trying again may help is for failures of Azure or of access; a wrong name is neither (and the card
    // would say "Retrying will not help until the cause is fixed", which reads as a broken Azure).
    if (!badName) error.retryable = thrown.retryable;
    if (thrown.suggestions.length > 0) error.suggestions = [...thrown.suggestions];
    if (thrown.missingPermission) error.missingPermission = thrown.missingPermission;
    return { error, followUps, target: thrown.resourceName };
  }
  if (isAbort(thrown)) {
    return { error: { code: 'timeout', message: t('errors:aborted'), retryable: true }, followUps: [{ title: t('common:retry'), command: request }] };
  }
  return { error: { code: 'internal', message: t('errors:internal'), retryable: false }, followUps: [] };
}

/** "16 MiB" (whole MiB are how the limit is configured). */
function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
