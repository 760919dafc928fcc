/**
 * Binds the tokens after a command name to its declared parameters (types.ts `ParamSpec`), in this order:
 * keywords (`page 2`, `from agent-a`), enum values anywhere in the line (`secondary`, `private`), IPv4
 * prefixes, integers, then names in declared order; a `rest` parameter takes the rest of the line.
 * Quoted tokens are only ever names, so a circuit called "primary" can still be named.
 * Missing values come from the conversation's memory (with a note saying so), then from defaults.
 */
import type { Translate } from '../i18n/index.ts';
import { looksLikeIpv4, parseIpv4Prefix } from '../net/ip.ts';
import { quoteIfNeeded, type Token } from './parse.ts';
import type { ResultError } from './result.ts';
import type { ArgValue, Args, CommandSpec, ParamSpec, Remembered } from './types.ts';

type RememberKey = NonNullable<ParamSpec['remember']>;

export type Binding =
  | { ok: true; args: Args; notes: string[]; request: string }
  | { ok: false; error: ResultError };

/** The localized word for what a parameter holds: "circuit", "peering", "page"... */
export function paramLabel(p: ParamSpec, t: Translate): string {
  if (p.kind.type === 'name' && p.kind.resource !== 'any') return t(`common:resource.${p.kind.resource}`, { defaultValue: p.kind.resource });
  return t(`common:param.${p.name}`, { defaultValue: p.name });
}

/** Accepted spellings, one per canonical value (the first one declared): "private|microsoft". */
function enumChoices(values: Readonly<Record<string, string>>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const [spelling, canonical] of Object.entries(values)) {
    if (seen.has(canonical)) continue;
    seen.add(canonical);
    out.push(spelling);
  }
  return out;
}

function placeholder(p: ParamSpec, t: Translate): string {
  const label = paramLabel(p, t);
  let inner: string;
  switch (p.kind.type) {
    case 'enum':
      inner = enumChoices(p.kind.values).join('|');
      break;
    case 'cidr':
      inner = `<${label}: a.b.c.d/n>`;
      break;
    case 'rest':
      inner = `<${label}…>`;
      break;
    default:
      inner = `<${label}>`;
  }
  if (p.keyword) inner = `${p.keyword} ${inner}`;
  return p.required ? inner : `[${inner}]`;
}

/** "arp table <circuit> [primary|secondary|both] [page <page>]", generated from the params. */
export function usageOf(spec: CommandSpec, t: Translate): string {
  return [spec.name, ...spec.params.map((p) => placeholder(p, t))].join(' ');
}

function usageHint(spec: CommandSpec, t: Translate): string {
  return t('errors:usage', { usage: usageOf(spec, t), example: spec.examples[0] ?? spec.name });
}

function fail(spec: CommandSpec, t: Translate, code: 'missing-argument' | 'bad-argument', message: string): Binding {
  return { ok: false, error: { code, message: `${message} ${usageHint(spec, t)}` } };
}

/** The spelling that re-parses to a canonical enum value (the first one declared). */
function enumSpelling(values: Readonly<Record<string, string>>, canonical: string): string {
  return Object.entries(values).find(([, c]) => c === canonical)?.[0] ?? canonical;
}

/** Validates one token for a keyword or positional param; returns the value or an error message. */
function convert(p: ParamSpec, token: string, t: Translate, notes: string[]): { value: ArgValue } | { error: string } {
  const what = paramLabel(p, t);
  switch (p.kind.type) {
    case 'enum': {
      const v = p.kind.values[token.toLowerCase()];
      if (v !== undefined) return { value: v };
      return { error: t('errors:bad-argument.not-one-of', { token, what, values: enumChoices(p.kind.values).join(', ') }) };
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(token)) return { error: t('errors:bad-argument.int', { token, what }) };
      const n = Number(token);
      const { min, max } = p.kind;
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        const key = min !== undefined && max !== undefined ? 'range' : min !== undefined ? 'min' : 'max';
        return { error: t(`errors:bad-argument.${key}`, { token, what, min, max }) };
      }
      return { value: n };
    }
    case 'cidr': {
      const parsed = parseIpv4Prefix(token);
      if (!parsed.ok) return { error: t(`errors:bad-argument.cidr.${parsed.problem}`, { token, detail: parsed.detail }) };
      if (parsed.hostBitsCleared) notes.push(t('common:hostBitsCleared', { typed: token, prefix: parsed.prefix }));
      return { value: parsed.prefix };
    }
    default:
      return { value: token };
  }
}

export interface BindInput {
  spec: CommandSpec;
  /** Tokens after the command name. */
  tokens: readonly Token[];
  /** The normalized line the tokens point into (for `rest`). */
  normalized: string;
  t: Translate;
  /** What the conversation remembers (read once by the engine before binding). */
  recalled: Remembered;
}

/**
 * Every command accepts `page N`: the card renderer paginates any big table and its buttons re-run the
 * request with `page N` appended, so a command that declares no page param must still take it.
 */
export const IMPLICIT_PAGE: ParamSpec = { name: 'page', kind: { type: 'int', min: 1 }, keyword: 'page' };

/** `confirm <token>`: how the button of a proposal re-runs a command that must be confirmed (engine.ts). */
export const IMPLICIT_CONFIRM: ParamSpec = { name: 'confirm', kind: { type: 'name', resource: 'any' }, keyword: 'confirm' };

function paramsOf(spec: CommandSpec): readonly ParamSpec[] {
  const declares = spec.params.some((p) => p.name === 'page' || p.keyword?.toLowerCase() === 'page');
  const params = declares ? [...spec.params] : [...spec.params, IMPLICIT_PAGE];
  if (spec.sideEffects || spec.sensitive) params.push(IMPLICIT_CONFIRM);
  return params;
}

export function bindArgs(input: BindInput): Binding {
  const { spec, tokens, normalized, t } = input;
  const values = new Map<string, ArgValue>();
  const notes: string[] = [];
  const claimed = new Array<boolean>(tokens.length).fill(false);
  const params = paramsOf(spec);
  const restParam = params.find((p) => p.kind.type === 'rest');
  let restValue: string | undefined;

  // 1. Keywords. With a rest param only leading keywords count, so a pasted log saying "from x" stays intact.
  const keywordOf = (tok: Token) => (tok.quoted ? undefined : params.find((p) => p.keyword && p.keyword.toLowerCase() === tok.text.toLowerCase() && !values.has(p.name)));
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i]) continue;
    const p = keywordOf(tokens[i]!);
    if (!p) {
      if (restParam) break;
      continue;
    }
    const valueToken = tokens[i + 1];
    // The implicit page only takes `page <number>`; otherwise "page" is an ordinary word (a name, say).
    if (p === IMPLICIT_PAGE && !/^\d+$/.test(valueToken?.text ?? '')) {
      if (restParam) break;
      continue;
    }
    if (!valueToken) return fail(spec, t, 'bad-argument', t('errors:bad-argument.keyword-value', { keyword: tokens[i]!.text, what: paramLabel(p, t) }));
    const converted = convert(p, valueToken.text, t, notes);
    if ('error' in converted) return fail(spec, t, 'bad-argument', converted.error);
    values.set(p.name, converted.value);
    claimed[i] = claimed[i + 1] = true;
    i++;
  }

  // 2. A rest param takes everything from the first unclaimed token, exactly as typed.
  if (restParam) {
    const first = claimed.findIndex((c) => !c);
    if (first >= 0) {
      restValue = normalized.slice(tokens[first]!.start).trim();
      for (let i = first; i < tokens.length; i++) claimed[i] = true;
      values.set(restParam.name, restValue);
    }
  }

  const open = (kind: ParamSpec['kind']['type']) => params.filter((p) => p.kind.type === kind && !p.keyword && !values.has(p.name));
  const claimEach = (kind: ParamSpec['kind']['type'], accepts: (tok: Token, p: ParamSpec) => boolean): Binding | undefined => {
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      if (claimed[i] || tok.quoted) continue;
      const p = open(kind).find((q) => accepts(tok, q));
      if (!p) continue;
      const converted = convert(p, tok.text, t, notes);
      if ('error' in converted) return fail(spec, t, 'bad-argument', converted.error);
      values.set(p.name, converted.value);
      claimed[i] = true;
    }
    return undefined;
  };

  // 3. Enum values anywhere; 4. prefixes; 5. integers.
  const problem =
    claimEach('enum', (tok, p) => p.kind.type === 'enum' && p.kind.values[tok.text.toLowerCase()] !== undefined) ??
    claimEach('cidr', (tok) => looksLikeIpv4(tok.text)) ??
    claimEach('int', (tok) => /^[+-]?\d+$/.test(tok.text));
  if (problem) return problem;

  // 6. Names in declared order take what is left.
  const takenAsName = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i]) continue;
    const p = open('name')[0];
    if (!p) break;
    values.set(p.name, tokens[i]!.text);
    claimed[i] = true;
    takenAsName.add(i);
  }

  // Anything left over is a mistake worth naming, with the most likely reason.
  const extra = tokens.find((_, i) => !claimed[i]);
  if (extra) {
    const choices = open('enum');
    // Say what the line could still have held: "Unexpected “tertiary”. The path can be primary, secondary, both."
    const hints = choices.map((p) => (p.kind.type === 'enum' ? t('errors:bad-argument.enum-hint', { what: paramLabel(p, t), values: enumChoices(p.kind.values).join(', ') }) : ''));
    // A word typed where an unfilled choice belongs ("flow vm-nsg sideways tcp …") was taken as a name, pushing
    // the last word out: that word, not the last one, is the mistake to name.
    const positional = params.filter((p) => !p.keyword && p !== restParam);
    const misplaced = choices.map((p) => positional.indexOf(p)).find((k) => k >= 0 && takenAsName.has(k));
    const culprit = misplaced === undefined ? extra : tokens[misplaced]!;
    return fail(spec, t, 'bad-argument', [t('errors:bad-argument.unexpected', { token: culprit.text }), ...hints].join(' '));
  }

  // Missing values: the conversation's memory, then the declared default, else ask.
  const { recalled } = input;
  for (const p of params) {
    if (values.has(p.name)) continue;
    const remembered = p.remember && rememberedFor(p.remember, params, values, recalled) ? recalled[p.remember] : undefined;
    if (remembered !== undefined && (p.kind.type !== 'enum' || Object.values(p.kind.values).includes(remembered))) {
      values.set(p.name, remembered);
      const shown = p.kind.type === 'enum' ? enumSpelling(p.kind.values, remembered) : remembered;
      // Only worth a note when it changes the outcome compared with the plain default.
      if (remembered !== p.default) notes.push(t('common:assumed', { what: paramLabel(p, t), value: shown }));
      continue;
    }
    if (p.default !== undefined) {
      values.set(p.name, p.kind.type === 'int' ? Number(p.default) : p.default);
      continue;
    }
    if (p.required) {
      return fail(spec, t, 'missing-argument', t('errors:missing-argument', { command: spec.name, what: paramLabel(p, t) }));
    }
  }

  return { ok: true, args: Object.fromEntries(values), notes, request: requestText(spec.name, params, values, restParam ? restValue : undefined) };
}

/**
 * The normalized, re-runnable command text: canonical name, then every bound value in declared order
 * (defaults left out, remembered values written out so the text also works in another conversation).
 */
function requestText(name: string, params: readonly ParamSpec[], values: ReadonlyMap<string, ArgValue>, rest: string | undefined): string {
  const parts: string[] = [name];
  for (const p of params) {
    const v = values.get(p.name);
    if (v === undefined || p.kind.type === 'rest') continue;
    if (p.default !== undefined && String(v) === p.default) continue;
    const text = p.kind.type === 'enum' ? enumSpelling(p.kind.values, String(v)) : quoteIfNeeded(String(v));
    parts.push(p.keyword ? `${p.keyword} ${text}` : text);
  }
  if (rest) parts.push(rest);
  return parts.join(' ');
}

/** A remembered value that was chosen for another: the peering belongs to the circuit it was used with. */
const REMEMBERED_WITH: Partial<Record<RememberKey, RememberKey>> = { peering: 'circuit' };

/**
 * Whether a remembered value applies to this command: always, unless it belongs to another remembered value
 * (REMEMBERED_WITH) and this command names something else there. After `bgp status tokyo-er microsoft`,
 * `arp table primary` means tokyo-er's Microsoft peering, but `bgp status osaka-er` means osaka-er's default
 * private peering, not a Microsoft peering it may not even have.
 */
function rememberedFor(key: RememberKey, params: readonly ParamSpec[], values: ReadonlyMap<string, ArgValue>, recalled: Readonly<Partial<Record<RememberKey, string>>>): boolean {
  const owner = REMEMBERED_WITH[key];
  const ownerParam = owner && params.find((q) => q.remember === owner);
  if (!owner || !ownerParam) return true;
  const current = values.get(ownerParam.name);
  return current !== undefined && String(current).toLowerCase() === (recalled[owner] ?? '').toLowerCase();
}

/** Values of `remember` params to store after a successful run. */
export function rememberedValues(spec: CommandSpec, args: Args): Partial<Record<NonNullable<ParamSpec['remember']>, string>> {
  const out: Partial<Record<NonNullable<ParamSpec['remember']>, string>> = {};
  for (const p of spec.params) {
    const v = args[p.name];
    if (p.remember && v !== undefined) out[p.remember] = String(v);
  }
  return out;
}
