/**
 * A scanner for secrets in whatever the bot emits: cards, invoke responses, log lines, stdout/stderr, CLI output.
 *
 * Secrets come from where the bot could pick them up:
 *  - the emulator world: every circuit's `serviceKey`, every peering's MD5 `sharedKey`, every circuit
 *    authorization's `authorizationKey`, and any other string held under a key/secret/password/token-like
 *    property name (so a secret added to the world schema later is covered without touching this file);
 *  - the bot configuration: `MicrosoftAppPassword` and each probe agent's bearer token;
 *  - anything else a test plants (`extra`).
 *
 * A secret counts as leaked when a scanned string contains it exactly, case-insensitively, with separators
 * removed (`Md5DemoSecretTokyo9f3a`, a GUID without dashes, a key split by spaces or zero-width characters),
 * or base64-encoded. Independently of any known secret, a SAS-like URL signature (`sig=` as a query
 * parameter) is always a hit: it is a bearer credential whoever owns it.
 *
 * Hits name the secret by its label and show a masked excerpt, so a failing test does not print the secret.
 */
import type { AppConfig } from '../../src/config.ts';
import type { World } from '../../src/emulator/server.ts';

export interface Secret {
  /** Where the secret comes from, e.g. "circuit tokyo-er serviceKey". Never the value itself. */
  label: string;
  value: string;
}

export type HitKind = 'exact' | 'case-insensitive' | 'separators-removed' | 'base64' | 'sas-signature';

export interface SecretHit {
  /** The secret's label, or "SAS signature" for a `sig=` parameter. */
  secret: string;
  kind: HitKind;
  /** What was scanned: "connector POST …", "log line 12", "CLI stdout". */
  where: string;
  /** Up to 40 characters around the hit, with the secret itself masked. */
  excerpt: string;
}

/** A `sig=` query parameter (Azure Storage SAS and the like): `?sv=…&sig=abc%2F…`. */
export const SAS_SIGNATURE = /[?&;]sig=[^&\s"'<>\\]+/i;

/** Secrets shorter than this are matched exactly (and case-insensitively) only: squashed, they would match by chance. */
const MIN_FUZZY_LENGTH = 8;

const SECRET_PROPERTY = /(?:key|secret|password|passwd|token|credential|signature)$/i;

/** Lower-case letters and digits only: "Md5-Demo-Secret-tokyo-9f3a" -> "md5demosecrettokyo9f3a". */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Every secret the emulator world holds (see the file comment). */
export function worldSecrets(world: World): Secret[] {
  const out: Secret[] = [];
  const seen = new Set<string>();
  const add = (label: string, value: unknown) => {
    if (typeof value !== 'string' || value === '' || seen.has(value)) return;
    seen.add(value);
    out.push({ label, value });
  };
  for (const c of world.circuits) {
    add(`circuit ${c.name} serviceKey`, c.serviceKey);
    for (const p of c.peerings) add(`circuit ${c.name} peering ${p.name} sharedKey (MD5)`, p.sharedKey);
    for (const a of c.authorizations ?? []) add(`circuit ${c.name} authorization ${a.name} authorizationKey`, a.authorizationKey);
  }
  // Anything else under a secret-like property name, wherever it sits in the world.
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        const here = path ? `${path}.${k}` : k;
        if (typeof v === 'string' && SECRET_PROPERTY.test(k)) add(`world ${here}`, v);
        else walk(v, here);
      }
    }
  };
  walk(world, '');
  return out;
}

/** The bot's own secrets in its configuration: the Bot Framework app password and probe agent tokens. */
export function configSecrets(config: AppConfig): Secret[] {
  const out: Secret[] = [];
  if (config.bot.appPassword) out.push({ label: 'MicrosoftAppPassword', value: config.bot.appPassword });
  for (const a of config.probeAgents) out.push({ label: `probe agent ${a.name} token`, value: a.token });
  return out;
}

function mask(excerpt: string, secret: string): string {
  let out = excerpt;
  for (const form of [secret, secret.toLowerCase(), secret.toUpperCase()]) out = out.split(form).join('‹secret›');
  return out;
}

function excerptAt(text: string, index: number, length: number, secret: string): string {
  const from = Math.max(0, index - 20);
  const to = Math.min(text.length, index + length + 20);
  return mask(text.slice(from, to), secret).replace(/\s+/g, ' ');
}

interface Prepared {
  secret: Secret;
  lower: string;
  squashed: string;
  base64: string[];
}

export class SecretScanner {
  readonly secrets: readonly Secret[];
  private readonly prepared: Prepared[];

  constructor(secrets: readonly Secret[]) {
    const usable = secrets.filter((s) => typeof s.value === 'string' && s.value.length > 0);
    this.secrets = usable;
    this.prepared = usable.map((secret) => ({
      secret,
      lower: secret.value.toLowerCase(),
      squashed: squash(secret.value),
      // Standard and URL-safe base64, without padding (the secret may sit anywhere in a longer encoded text
      // only at a 3-byte boundary, so this catches a secret encoded on its own, e.g. in a Basic header).
      base64: [...new Set([Buffer.from(secret.value).toString('base64').replace(/=+$/, ''), Buffer.from(secret.value).toString('base64url')])],
    }));
  }

  /** Hits in one string. */
  scan(text: string, where: string): SecretHit[] {
    if (typeof text !== 'string' || text === '') return [];
    const hits: SecretHit[] = [];
    const lower = text.toLowerCase();
    let squashedText: string | undefined;
    for (const p of this.prepared) {
      const { value } = p.secret;
      const exact = text.indexOf(value);
      if (exact >= 0) {
        hits.push({ secret: p.secret.label, kind: 'exact', where, excerpt: excerptAt(text, exact, value.length, value) });
        continue;
      }
      const ci = lower.indexOf(p.lower);
      if (ci >= 0) {
        hits.push({ secret: p.secret.label, kind: 'case-insensitive', where, excerpt: excerptAt(text, ci, value.length, value) });
        continue;
      }
      const b64 = p.base64.find((b) => b.length >= MIN_FUZZY_LENGTH && text.includes(b));
      if (b64) {
        hits.push({ secret: p.secret.label, kind: 'base64', where, excerpt: excerptAt(text, text.indexOf(b64), b64.length, b64) });
        continue;
      }
      if (p.squashed.length >= MIN_FUZZY_LENGTH) {
        squashedText ??= squash(text);
        const at = squashedText.indexOf(p.squashed);
        if (at >= 0) hits.push({ secret: p.secret.label, kind: 'separators-removed', where, excerpt: excerptAt(squashedText, at, p.squashed.length, p.squashed) });
      }
    }
    const sas = SAS_SIGNATURE.exec(text);
    if (sas) hits.push({ secret: 'SAS signature', kind: 'sas-signature', where, excerpt: excerptAt(text, sas.index, sas[0].length, sas[0]) });
    return hits;
  }

  /** Hits in many strings (or anything JSON-serializable, which is scanned as its JSON text). */
  scanAll(items: Iterable<{ where: string; text: unknown }>): SecretHit[] {
    const hits: SecretHit[] = [];
    for (const { where, text } of items) hits.push(...this.scan(typeof text === 'string' ? text : safeJson(text), where));
    return hits;
  }
}

/** JSON text of a value; JSON escapes are decoded back by also scanning the raw strings inside (see `strings`). */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** Every string inside a value (keys included), joined by newlines: what a JSON escape might hide from `safeJson`. */
export function strings(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
    }
  };
  walk(value);
  return out.join('\n');
}

/** A readable failure message for a list of hits. */
export function describeHits(hits: readonly SecretHit[]): string {
  return hits.map((h) => `${h.secret} (${h.kind}) in ${h.where}: …${h.excerpt}…`).join('\n');
}
