/**
 * Hostile input, property-based (fast-check): the tokenizer and every command in COMMANDS through the real
 * engine (runCommand with real Services on the demo emulator, LROs instant) get random and hostile text —
 * very long strings, control characters and NUL, lone surrogates, RTL marks and emoji, HTML and <at> tags,
 * Adaptive-Card-like JSON, template syntax that must never be evaluated (${…}, {{…}}, $root, $t(…)), path
 * traversal in names, markdown links, pasted logs of 100 KB and more.
 *
 * Properties: nothing throws, nothing rejects unhandled, every Result is well formed, every card renders
 * valid, within CARD_BUDGET_BYTES, with no stack-trace-like text, no element or action the templates do not
 * make, and no evaluated template value (text appears verbatim or not at all).
 *
 * Seeded: NETOPS_FC_SEED reproduces a run (the seed is printed), NETOPS_FC_RUNS changes the runs per property;
 * a failure also prints fast-check's own seed and path for `fc.assert(..., { seed, path })`. The generators live
 * in ./generators.ts (shared with hostile-http.test.ts). At the end, a line shows how the runs ended per command
 * (ok, not-found, bad-argument…), to see that they reach past the parser.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.ts';
import { MAX_COMMAND_CHARS, normalizeChatText, quoteIfNeeded, splitTokens, stripMentions, tokenize } from '../../src/commands/parse.ts';
import type { Result } from '../../src/commands/result.ts';
import { type Locale, translator } from '../../src/i18n/index.ts';
import { CARD_BUDGET_BYTES, renderResultCard, RUN_VERB } from '../../src/render/card.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderText } from '../../src/render/text.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { type Demo, startDemo } from '../helpers/demo.ts';
import { cardText } from '../helpers/fake-connector.ts';
import { hiddenCharStrings, hiddenIn } from '../render/walk.ts';
import { STACKISH } from '../teams/harness.ts';
import { anyText, hostileArgs, hostileText, hostileUnit, SENTINELS, TEMPLATE_MARKERS, TRAVERSAL } from './generators.ts';

const SEED = Number(process.env.NETOPS_FC_SEED ?? 20_260_811);
const RUNS = Number(process.env.NETOPS_FC_RUNS ?? 100);
fc.configureGlobal({ seed: SEED, numRuns: RUNS });
console.info(`hostile-input: fast-check seed ${SEED}, ${RUNS} runs per property (NETOPS_FC_SEED / NETOPS_FC_RUNS to change)`);

// ------------------------------------------------------------------------------------------------ checks

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
let demo: Demo;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  demo = await startDemo(0);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await demo?.close();
});

const ALLOWED_ELEMENTS = new Set([
  'AdaptiveCard', 'Action.Execute', 'Action.ShowCard', 'Action.Submit', 'Action.ToggleVisibility', 'ActionSet', 'Column', 'ColumnSet', 'Container',
  'RichTextBlock', 'Table', 'TableCell', 'TableColumnDefinition', 'TableRow', 'TextBlock', 'TextRun',
]);

/** Element types, action verbs and URL-bearing properties anywhere in a card. */
function cardShape(card: unknown): { types: Set<string>; verbs: Set<string>; urls: string[] } {
  const types = new Set<string>();
  const verbs = new Set<string>();
  const urls: string[] = [];
  const walk = (v: unknown, parentKey: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, parentKey));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // `data` of an action is the payload ({command}), not card structure.
      if (parentKey !== 'data' && typeof o.type === 'string') types.add(o.type);
      if (o.type === 'Action.Execute' && typeof o.verb === 'string') verbs.add(o.verb);
      for (const [k, x] of Object.entries(o)) {
        // A selectAction that runs a command (Action.Execute, its verb checked like the buttons') carries no URL.
        const runs = k === 'selectAction' && (x as { type?: unknown } | null)?.type === 'Action.Execute';
        if (/^(url|iconUrl|backgroundImage|selectAction)$/i.test(k) && !runs) urls.push(`${k}=${JSON.stringify(x)}`);
        walk(x, k);
      }
    }
  };
  walk(card, '');
  return { types, verbs, urls };
}

/** Text of every TextBlock (markdown is rendered there; user text belongs in TextRuns, which are plain). */
function textBlockTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function expectWellFormed(r: Result, input: string): void {
  const where = `for input ${JSON.stringify(input.slice(0, 200))}`;
  expect(r, where).toBeTypeOf('object');
  expect(typeof r.command, where).toBe('string');
  expect(typeof r.ok, where).toBe('boolean');
  expect(Array.isArray(r.verdicts) && Array.isArray(r.tables) && Array.isArray(r.followUps), where).toBe(true);
  expect(r.data !== null && typeof r.data === 'object', where).toBe(true);
  expect(typeof r.simulated, where).toBe('boolean');
  expect(Number.isNaN(Date.parse(r.generatedAt)), where).toBe(false);
  if (!r.ok) {
    expect(typeof r.error?.code === 'string' && r.error.code.length > 0, `error code ${where}`).toBe(true);
    expect(typeof r.error?.message === 'string' && r.error.message.trim().length > 0, `error message ${where}`).toBe(true);
    expect(r.error!.code, where).not.toBe('internal');
  }
  for (const v of r.verdicts) {
    expect(typeof v.ruleId === 'string' && ['critical', 'warning', 'info', 'ok'].includes(v.severity) && typeof v.title === 'string', where).toBe(true);
  }
  for (const tb of r.tables) {
    expect(typeof tb.title === 'string' && tb.columns.every((c) => typeof c === 'string'), where).toBe(true);
    for (const row of tb.rows) expect(row.every((c) => typeof c === 'string'), where).toBe(true);
  }
  for (const f of r.followUps) expect(typeof f.title === 'string' && typeof f.command === 'string', where).toBe(true);
}

/** Whether the input itself looks like a stack trace (then the card may echo it without being at fault). */
const inputLooksStacky = (input: string) => STACKISH.test(input) || STACKISH.test(normalizeChatText(input.slice(0, 100_000)));

function expectSafeCard(r: Result, t: ReturnType<typeof translator>, input: string): void {
  const where = `for input ${JSON.stringify(input.slice(0, 200))}`;
  const rendered = renderResultCard(r, t);
  const json = JSON.stringify(rendered.card);
  expect(rendered.bytes, where).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  expect(Buffer.byteLength(json, 'utf8'), where).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  expectValidCard(rendered.card);

  const shape = cardShape(rendered.card);
  expect([...shape.types].filter((x) => !ALLOWED_ELEMENTS.has(x)), `element types ${where}`).toEqual([]);
  expect([...shape.verbs].filter((v) => v !== RUN_VERB), `action verbs ${where}`).toEqual([]);
  expect(shape.urls, `URL-bearing properties ${where}`).toEqual([]);
  // A markdown link typed by the user never lands where Teams renders markdown.
  expect(textBlockTexts(rendered.card).filter((x) => x.includes('evil.example')), `markdown ${where}`).toEqual([]);

  const text = `${cardText(rendered.card)}\n${rendered.fallbackText}`;
  if (!inputLooksStacky(input)) expect(text, `stack-like text ${where}`).not.toMatch(STACKISH);
  for (const s of SENTINELS) if (!s.test(input)) expect(json, `evaluated template ${where}`).not.toMatch(s);

  // Bidi controls and zero-width characters are shown as escapes (\u202E), never as themselves, anywhere a
  // person reads: a name cannot pass for another (issue 15, point 8). Buttons' payloads keep the exact command.
  expect(hiddenCharStrings(rendered.card), `hidden characters in the card ${where}`).toEqual([]);
  expect(hiddenIn(rendered.fallbackText), `hidden characters in the fallback text ${where}`).toEqual([]);

  // The CLI's renderers take the same Results.
  expect(() => JSON.parse(renderJson(r)), where).not.toThrow();
  expect(typeof renderText(r, t), where).toBe('string');
  expect(hiddenIn(renderText(r, t)), `hidden characters in the text output ${where}`).toEqual([]);
  expect(hiddenIn(renderJson(r)), `hidden characters in the JSON output ${where}`).toEqual([]);
}

async function runChecked(text: string, locale: Locale, conversationId: string): Promise<Result> {
  let result: Result;
  try {
    result = await demo.run(text, { locale, conversationId });
  } catch (e) {
    throw new Error(`runCommand rejected for ${JSON.stringify(text.slice(0, 200))}: ${String((e as Error)?.stack ?? e)}`);
  }
  const key = `${result.command || '(none)'}: ${result.ok ? 'ok' : result.error?.code}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  expectWellFormed(result, text);
  expectSafeCard(result, translator(locale), text);
  return result;
}

let conversation = 0;
/** How the hostile runs ended, printed at the end: shows that they reach deep into the commands, not just the parser. */
const outcomes = new Map<string, number>();
const locale = fc.constantFrom<Locale>('en', 'ja');

// ------------------------------------------------------------------------------------------------ the tokenizer

describe('the tokenizer on hostile text', () => {
  it('tokenize never throws, bounds the text, and returns well-formed tokens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = tokenize(text);
        if (!out.ok) {
          expect(out.reason).toBe('too-long');
          expect(out.length).toBeGreaterThan(out.max);
          return;
        }
        const { normalized, tokens } = out;
        expect(normalized.length).toBeLessThanOrEqual(MAX_COMMAND_CHARS);
        expect(normalized).toBe(normalized.trim());
        // Invisible characters, odd spaces and CR are gone; every token is non-empty and in order.
        expect(normalized).not.toMatch(/[\u200B-\u200D\u2060\uFEFF\u00AD\u00A0\u3000\r\t\v\f]/);
        let last = 0;
        for (const tok of tokens) {
          expect(tok.start).toBeGreaterThanOrEqual(last);
          expect(tok.end).toBeGreaterThan(tok.start);
          expect(tok.end).toBeLessThanOrEqual(normalized.length);
          expect(tok.text.length).toBeGreaterThan(0);
          if (!tok.quoted) {
            expect(tok.text).toBe(normalized.slice(tok.start, tok.end));
            expect(tok.text).not.toMatch(/[ \n]/);
          }
          last = tok.end;
        }
      }),
    );
  });

  it('normalizeChatText and stripMentions never throw on any string, lone surrogates and NUL included', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: hostileUnit, maxLength: 300 })), fc.option(fc.array(fc.constantFrom('NetOps', 'Ada', '', '<at>', '${x}'))), (text, names) => {
        expect(typeof normalizeChatText(text.slice(0, 90_000))).toBe('string');
        expect(typeof stripMentions(text.slice(0, 90_000), names ?? undefined)).toBe('string');
      }),
    );
  });

  it('removes a leading mention of the bot and leaves the rest as typed', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('<at>NetOps</at>', '<at id="0">NetOps</at>', '<AT>NetOps</AT>', '<at>Net&shy;Ops</at>'), (rest, mention) => {
        fc.pre(!/<at/i.test(rest));
        expect(stripMentions(`${mention} ${rest}`)).toBe(rest.replace(/^\s+/, ''));
        // Only the bot's own mention when names are given: another person's name stays as a word.
        expect(stripMentions(`<at>Ada</at> ${rest}`, ['NetOps'])).toBe(`Ada ${rest}`);
      }),
    );
  });

  it('quoteIfNeeded makes any token re-parse as itself (what suggestion and retry buttons rely on)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = tokenize(text);
        fc.pre(out.ok);
        for (const tok of (out as Extract<typeof out, { ok: true }>).tokens) {
          const quoted = quoteIfNeeded(tok.text);
          // The one documented exception: a value holding a closer of every quote style cannot be quoted.
          if (['"“”', '」', "'‘’"].every((c) => [...c].some((q) => tok.text.includes(q)))) continue;
          expect(splitTokens(quoted).map((x) => x.text), `token ${JSON.stringify(tok.text)} quoted as ${JSON.stringify(quoted)}`).toEqual([tok.text]);
        }
      }),
    );
  });

  // Regression (found by this suite): U+2028, U+2029 and U+0085 survived normalization, so
  // "status\u2028tokyo-er" was one word (and the quote round trip above failed for them).
  it('a line separator (U+2028, U+2029, U+0085) separates words as a newline does', () => {
    for (const sep of ['\u2028', '\u2029', '\u0085']) {
      const out = tokenize(`bgp status${sep}tokyo-er`);
      expect(out.ok && out.tokens.map((x) => x.text), JSON.stringify(sep)).toEqual(['bgp', 'status', 'tokyo-er']);
    }
  });
});

// ------------------------------------------------------------------------------------------------ the engine

describe('every command through the real engine on hostile text', () => {
  it('free text that is not a command: well-formed results, safe cards', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, locale, async (text, loc) => {
        await runChecked(text, loc, `hostile-${conversation++}`);
      }),
    );
  }, 60_000);

  for (const spec of COMMANDS) {
    const spellings = [spec.name, ...spec.aliases];
    it(`${spec.name}: hostile arguments give well-formed results and safe cards`, async () => {
      const prefix = fc.oneof(
        fc.constantFrom(...spellings),
        fc.constantFrom(...spellings).map((s) => s.toUpperCase()),
        fc.constantFrom(...spellings).map((s) => `<at>NetOps</at> ${s}`),
        fc.constantFrom(...spellings.map((s) => `${s} tokyo-er`)),
        fc.constantFrom(...spec.examples),
      );
      await fc.assert(
        fc.asyncProperty(prefix, hostileArgs, locale, async (head, rest, loc) => {
          await runChecked(`${head} ${rest}`, loc, `hostile-${conversation++}`);
        }),
        { numRuns: Math.max(20, Math.round(RUNS * 0.75)) },
      );
    }, 60_000);
  }

  it('audit, for an operator: hostile requests that others typed come back as text, in a safe card', async () => {
    // The one command whose card shows other users' raw text (up to 200 entries of 500 characters).
    const audit = demo.handle.services.audit!;
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 5 }), locale, async (texts, loc) => {
        for (const request of texts) {
          await audit.append({ time: new Date().toISOString(), userId: 'someone-else', conversationId: 'elsewhere', source: 'message', command: 'unknown', request, outcome: 'unknown-command', durationMs: 1 });
        }
        const r = await demo.run('audit 200', { locale: loc, conversationId: `hostile-${conversation++}`, role: 'operator' });
        expect(r.ok, JSON.stringify(r.error)).toBe(true);
        expectWellFormed(r, texts.join('\n'));
        expectSafeCard(r, translator(loc), texts.join('\n'));
      }),
      { numRuns: Math.max(20, Math.round(RUNS * 0.3)) },
    );
  }, 90_000);

  it('template syntax in names and arguments comes back verbatim, never evaluated', async () => {
    // Markers without whitespace stay one token, so commands that echo their argument show all of it.
    const markers = TEMPLATE_MARKERS.filter((m) => !/\s/.test(m) && !/^["'“”„‘’「『]/.test(m));
    const echoing = ['bgp status', 'circuit', 'gateway', 'fastpath', 'circuits', 'help', ''];
    for (const m of markers) {
      for (const head of echoing) {
        const text = head ? `${head} ${m}` : m;
        const r = await runChecked(text, 'en', `template-${conversation++}`);
        const card = renderResultCard(r, translator('en'));
        const all = `${cardText(card.card)}\n${card.fallbackText}`;
        // Either the marker is shown exactly as typed, or the command did not echo its argument at all.
        const tag = m.replace(/[^A-Za-z0-9]/g, '');
        if (tag.length >= 3 && all.includes(tag)) expect(all, `${text}`).toContain(m);
      }
    }
    // And the commands that answer "not found" do echo the name: verbatim.
    for (const m of markers) {
      const r = await runChecked(`bgp status ${m}`, 'en', `template-${conversation++}`);
      expect(r.ok).toBe(false);
      expect(cardText(renderResultCard(r, translator('en')).card), m).toContain(m);
    }
  }, 60_000);

  it('a path traversal in a name is only a name: not found, nothing read from disk', async () => {
    const mustFail = new Set(['bgp status', 'circuit', 'gateway', 'fastpath', 'arp table', 'routes', 'routes summary']);
    // Every command whose first parameter is a name (baselines are files named by the user, for instance).
    const named = COMMANDS.filter((c) => c.params[0]?.kind.type === 'name');
    expect(named.length).toBeGreaterThan(5);
    for (const name of TRAVERSAL) {
      for (const spec of named) {
        const text = `${spec.name} "${name}"`;
        const r = await runChecked(text, 'en', `traversal-${conversation++}`);
        expect(cardText(renderResultCard(r, translator('en')).card), text).not.toMatch(/root:x:0:0|\[fonts\]|BEGIN OPENSSH|\[extensions\]/);
        if (mustFail.has(spec.name)) expect(r.ok, text).toBe(false);
      }
    }
  }, 60_000);

  it('no unhandled rejection or uncaught exception happened while all of this ran', async () => {
    // Give stray promises a chance to settle first.
    await new Promise((r) => setTimeout(r, 200));
    expect(unhandled.map((u) => String((u as Error)?.stack ?? u))).toEqual([]);
    console.info(`hostile-input outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  });
});
