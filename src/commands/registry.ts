/**
 * Finds the command a line of tokens starts with. Names and aliases may be several words ("bgp status",
 * "arp table"); the longest match wins, so "bgp status x" is `bgp status` even if "bgp" is also an alias.
 * Unknown commands get at most three suggestions: Levenshtein-close names or aliases, and prefix matches.
 */
import { distance } from 'fastest-levenshtein';
import type { CommandSpec } from './types.ts';

export interface CommandMatch {
  spec: CommandSpec;
  /** How many leading tokens the name or alias took. */
  consumed: number;
  /** The name or alias that matched, lower-case. */
  matched: string;
}

export interface CommandRegistry {
  readonly specs: readonly CommandSpec[];
  /** The command the tokens start with (case-insensitive), or undefined. */
  match(tokens: readonly string[]): CommandMatch | undefined;
  /** Canonical names of the closest commands, best first, at most `max`. */
  suggest(tokens: readonly string[], max?: number): string[];
  /** The same, with how many typed words each suggestion stands for (the rest are its arguments). */
  suggestMatches(tokens: readonly string[], max?: number): Suggestion[];
  /**
   * When a short spelling matched but the next word is a typo of a longer one ("bgp stauts" with the alias
   * "bgp" and the name "bgp status"), the longer command's name; the engine then asks instead of guessing.
   */
  nearMiss(tokens: readonly string[], m: CommandMatch): string | undefined;
}

export interface Suggestion {
  name: string;
  consumed: number;
}

interface Entry {
  words: string[];
  phrase: string;
  spec: CommandSpec;
}

const words = (s: string) => s.trim().toLowerCase().split(/\s+/).filter(Boolean);

export function createRegistry(specs: readonly CommandSpec[]): CommandRegistry {
  const entries: Entry[] = [];
  const owner = new Map<string, CommandSpec>();
  for (const spec of specs) {
    for (const spelling of [spec.name, ...spec.aliases]) {
      const w = words(spelling);
      const phrase = w.join(' ');
      if (w.length === 0) continue;
      const previous = owner.get(phrase);
      // Two commands answering to one spelling is a programming error; fail at start-up, not mid-incident.
      if (previous && previous !== spec) throw new Error(`Command spelling "${phrase}" is used by both ${previous.id} and ${spec.id}`);
      if (previous) continue;
      owner.set(phrase, spec);
      entries.push({ words: w, phrase, spec });
    }
  }
  // Longest first, so the first hit in match() is the longest.
  entries.sort((a, b) => b.words.length - a.words.length);

  function match(tokens: readonly string[]): CommandMatch | undefined {
    const lower = tokens.map((t) => t.toLowerCase());
    for (const e of entries) {
      if (e.words.length <= lower.length && e.words.every((w, i) => w === lower[i])) {
        return { spec: e.spec, consumed: e.words.length, matched: e.phrase };
      }
    }
    return undefined;
  }

  function suggestMatches(tokens: readonly string[], max = 3): Suggestion[] {
    const lower = tokens.map((t) => t.toLowerCase());
    if (lower.length === 0) return [];
    const scored = new Map<CommandSpec, { score: number; consumed: number }>();
    const consider = (spec: CommandSpec, score: number, consumed: number) => {
      const prev = scored.get(spec);
      if (prev === undefined || score < prev.score) scored.set(spec, { score, consumed });
    };
    const first = lower[0]!;
    for (const e of entries) {
      // Compare with as many typed words as the spelling has: "bgp stauts tokyo-er" vs "bgp status".
      const typedWords = lower.slice(0, e.words.length);
      const typed = typedWords.join(' ');
      const d = distance(typed, e.phrase);
      if (d <= Math.max(1, Math.floor(e.phrase.length / 3))) consider(e.spec, d, typedWords.length);
      // Prefix matches: "bgp st" -> "bgp status"; "rout" -> "routes summary"; "latency" -> "latency compare".
      if (typed.length >= 2 && e.phrase.startsWith(typed)) consider(e.spec, 0.5 + (e.phrase.length - typed.length) / 100, typedWords.length);
      else if (first.length >= 3 && e.words[0]!.startsWith(first)) consider(e.spec, 1.5 + (e.words[0]!.length - first.length) / 100, 1);
    }
    return [...scored.entries()]
      .sort((a, b) => a[1].score - b[1].score || specs.indexOf(a[0]) - specs.indexOf(b[0]))
      .slice(0, max)
      .map(([spec, s]) => ({ name: spec.name, consumed: s.consumed }));
  }

  const suggest = (tokens: readonly string[], max = 3) => suggestMatches(tokens, max).map((s) => s.name);

  function nearMiss(tokens: readonly string[], m: CommandMatch): string | undefined {
    const next = tokens[m.consumed]?.toLowerCase();
    if (!next || next.length < 3) return undefined;
    const head = tokens.slice(0, m.consumed).map((t) => t.toLowerCase());
    for (const e of entries) {
      if (e.words.length <= m.consumed || !head.every((w, i) => e.words[i] === w)) continue;
      const want = e.words[m.consumed]!;
      const d = distance(next, want);
      if (d > 0 && d <= Math.min(2, Math.floor(want.length / 2))) return e.spec.name;
    }
    return undefined;
  }

  return { specs, match, suggest, suggestMatches, nearMiss };
}

const cache = new WeakMap<readonly CommandSpec[], CommandRegistry>();

/** One registry per spec list (the host passes the same array on every turn). */
export function registryFor(specs: readonly CommandSpec[]): CommandRegistry {
  let r = cache.get(specs);
  if (!r) {
    r = createRegistry(specs);
    cache.set(specs, r);
  }
  return r;
}
