/**
 * What ARM always sends, checked before anything is concluded from an answer (issue 15, point 2). A 200 whose
 * body does not have the documented shape (`{}`, a list where one resource was asked for, a table without its
 * `value` array, a counter that is not a number) is a read failure, "Azure answered something unexpected", never
 * facts: the SDK's models make every field optional, so without these checks `{}` maps to a circuit with no
 * peerings ("AzurePrivatePeering is not configured"), zero bytes of traffic, or an empty table.
 *
 * Only what ARM returns for every resource of a kind is required, so that thin but legitimate answers still read:
 * `id`, `name` and the `provisioningState` that every Microsoft.Network resource carries in its `properties`
 * (the SDK flattens them; no provisioningState means no properties), never optional lists such as a circuit's
 * `peerings` (a circuit without peerings is a fact, see the spec's examples and osaka-er in the demo world).
 *
 * The mapping (map.ts, network-watcher.ts) throws UnexpectedAnswer; toAzureError (error-map.ts) turns it, and the
 * SDK's own complaints about such a body (shapeProblem), into an AzureError of kind `unexpected-answer` that names
 * the resource of the call. The mapping runs inside the cache's loader, so the failure is never cached.
 */
import { isRestError } from '@azure/core-rest-pipeline';

/** An answer without the documented shape; `detail` says what was missing, in English, for logs. */
export class UnexpectedAnswer extends Error {
  override name = 'UnexpectedAnswer';
  readonly detail: string;

  constructor(detail: string) {
    super(`Azure answered something unexpected: ${detail}`);
    this.detail = detail;
  }
}

/** What a field must be: a non-empty string, a finite number, an array. */
export type FieldKind = 'string' | 'number' | 'array';

const FITS: Record<FieldKind, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && v.length > 0,
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  array: (v) => Array.isArray(v),
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Throws UnexpectedAnswer unless `answer` is an object whose `fields` are what they must be. `what` names the
 * answer in the log line ("circuit", "ARP entry").
 */
export function expectFields(answer: unknown, what: string, fields: Readonly<Record<string, FieldKind>>): void {
  if (!isRecord(answer)) throw new UnexpectedAnswer(`${what}: ${answer === null ? 'null' : Array.isArray(answer) ? 'a list' : typeof answer}, not an object`);
  const wrong = Object.entries(fields)
    .filter(([name, kind]) => !FITS[kind](answer[name]))
    .map(([name, kind]) => `${name} (${kind})`);
  if (wrong.length > 0) throw new UnexpectedAnswer(`${what} without ${wrong.join(', ')}`);
}

/** The fields every Microsoft.Network resource has: its id, its name, and (in its properties) provisioningState. */
export const NETWORK_RESOURCE: Readonly<Record<string, FieldKind>> = { id: 'string', name: 'string', provisioningState: 'string' };

/** `value` of a table or list answer, which must be an array (it may be empty). */
export function expectList<T>(value: readonly T[] | undefined, what: string): readonly T[] {
  if (!Array.isArray(value)) throw new UnexpectedAnswer(`${what} without a value array`);
  return value;
}

/** The first stack frame of an error: where it was thrown. */
const thrownAt = (e: Error): string => (e.stack ?? '').split('\n').find((l) => /^\s+at\s/.test(l)) ?? '';

/**
 * Why `e` means the answer did not have the documented shape, or undefined when it means something else:
 * - UnexpectedAnswer from our mapping;
 * - a TypeError thrown inside an ARM SDK package (`@azure/arm-*`): its generated deserialisers read the body as
 *   the spec says it is (`value.map(...)`, `item.id`), and a body of another shape makes them throw. Only where
 *   it was thrown counts: a TypeError from our own code or from the network stack is something else;
 * - the SDK's paging helper refusing a page ("Couldn't paginate response", a nextLink that is not a string): a
 *   RestError without any status, which would otherwise read as "ARM unreachable".
 */
export function shapeProblem(e: unknown): string | undefined {
  if (e instanceof UnexpectedAnswer) return e.detail;
  if (e instanceof TypeError && /[\\/]@azure[\\/]arm-[^\\/]+[\\/]/.test(thrownAt(e))) return `the SDK could not read it: ${e.message}`;
  if (isRestError(e) && e.statusCode === undefined && /couldn't paginate response|body property \S+ should be/i.test(e.message)) {
    return `the SDK could not page it: ${e.message.replace(/\s+/g, ' ').trim()}`;
  }
  return undefined;
}
