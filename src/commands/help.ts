/**
 * `help`: every command with its one-line summary, grouped by what it talks to; `help <command>`: usage
 * generated from the params, the long description, aliases and examples (as buttons). Texts come from
 * `help:<id>.summary` / `help:<id>.description`; a command without them still shows, under its name.
 */
import { visibleCommands } from './access.ts';
import type { Translate } from '../i18n/index.ts';
import { paramLabel, usageOf } from './args.ts';
import { joinList } from './failures.ts';
import { tokenize } from './parse.ts';
import { registryFor } from './registry.ts';
import { errorResult, newResult, type FollowUp, type Result, type Table } from './result.ts';
import type { CommandContext, CommandSpec, ParamSpec } from './types.ts';

const MAX_FOLLOW_UPS = 6;

export function summaryOf(spec: CommandSpec, t: Translate): string {
  return t(`help:${spec.id}.summary`, { defaultValue: '' }) || spec.name;
}

export function descriptionOf(spec: CommandSpec, t: Translate): string {
  return t(`help:${spec.id}.description`, { defaultValue: '' }) || summaryOf(spec, t);
}

const GROUPS: readonly CommandSpec['calls'][] = ['azure', 'probe', 'none'];

function overview(ctx: CommandContext): Result {
  const { t } = ctx;
  // Each caller sees what they may run; operator-only commands stay out of a reader's list.
  const commands = visibleCommands(ctx.commands, ctx.role);
  const tables: Table[] = [];
  for (const group of GROUPS) {
    const specs = commands.filter((c) => c.calls === group);
    if (specs.length === 0) continue;
    tables.push({
      title: t(`help:group.${group}`),
      columns: [t('help:col.command'), t('help:col.what')],
      rows: specs.map((s) => [s.name, summaryOf(s, t)]),
    });
  }
  // Buttons: commands that run without arguments first, then the usage of those that need some.
  const others = commands.filter((c) => c.id !== 'help');
  const runnable = others.filter((c) => !c.params.some((p) => p.required));
  const followUps: FollowUp[] = [
    ...runnable.map((c) => ({ title: c.name, command: c.name })),
    ...others.filter((c) => !runnable.includes(c)).map((c) => ({ title: t('help:follow.help', { command: c.name }), command: `help ${c.name}` })),
  ].slice(0, MAX_FOLLOW_UPS);
  return newResult('help', {
    tables,
    followUps,
    notes: [t('help:overview.note')],
    data: { commands: commands.map((c) => ({ name: c.name, id: c.id, aliases: [...c.aliases], summary: summaryOf(c, t), calls: c.calls })) },
  });
}

function accepts(p: ParamSpec, t: Translate): string {
  const k = p.kind;
  switch (k.type) {
    case 'name':
      return k.resource === 'any' ? t('help:accepts.text') : t('help:accepts.name', { what: paramLabel(p, t) });
    case 'enum':
      return joinList([...new Set(Object.keys(k.values))], t);
    case 'int':
      if (k.min !== undefined && k.max !== undefined) return t('help:accepts.int-range', { min: k.min, max: k.max });
      return t('help:accepts.int');
    case 'cidr':
      return t('help:accepts.cidr');
    case 'rest':
      return t('help:accepts.rest');
  }
}

function paramNotes(p: ParamSpec, t: Translate): string {
  const notes = [p.required ? t('help:note.required') : t('help:note.optional')];
  if (p.keyword) notes.push(t('help:note.keyword', { keyword: p.keyword }));
  if (p.default !== undefined) notes.push(t('help:note.default', { value: p.default }));
  if (p.remember) notes.push(t('help:note.remembered'));
  return notes.join('; ');
}

function detail(spec: CommandSpec, t: Translate): Result {
  const usage = usageOf(spec, t);
  const none = t('help:none');
  const tables: Table[] = [
    {
      title: spec.name,
      columns: [t('help:col.item'), t('help:col.details')],
      rows: [
        [t('help:row.usage'), usage],
        [t('help:row.description'), descriptionOf(spec, t)],
        [t('help:row.aliases'), spec.aliases.length > 0 ? joinList(spec.aliases, t) : none],
        [t('help:row.examples'), spec.examples.length > 0 ? spec.examples.join('\n') : none],
      ],
    },
  ];
  if (spec.params.length > 0) {
    tables.push({
      title: t('help:params.title'),
      columns: [t('help:col.param'), t('help:col.accepts'), t('help:col.notes')],
      rows: spec.params.map((p) => [paramLabel(p, t), accepts(p, t), paramNotes(p, t)]),
    });
  }
  return newResult('help', {
    target: spec.name,
    tables,
    followUps: spec.examples.slice(0, MAX_FOLLOW_UPS).map((e) => ({ title: e, command: e })),
    data: { command: spec.name, id: spec.id, usage, summary: summaryOf(spec, t), description: descriptionOf(spec, t), aliases: [...spec.aliases], examples: [...spec.examples] },
  });
}

export const helpSpec: CommandSpec = {
  name: 'help',
  id: 'help',
  aliases: ['?', 'commands', 'ヘルプ'],
  params: [{ name: 'command', kind: { type: 'rest' } }],
  examples: ['help', 'help circuits'],
  sideEffects: false,
  calls: 'none',
  async run(args, ctx) {
    const asked = typeof args.command === 'string' ? args.command.trim() : '';
    if (!asked) return overview(ctx);
    const { t } = ctx;
    const tokenized = tokenize(asked);
    const words = tokenized.ok ? tokenized.tokens.map((tok) => tok.text) : [];
    const registry = registryFor(ctx.commands);
    const match = registry.match(words);
    const near = match ? registry.nearMiss(words, match) : undefined;
    if (match && !near) return detail(match.spec, t);
    const suggestions = near ? [near] : registry.suggest(words);
    const message =
      suggestions.length > 0
        ? t('errors:unknown-command-suggest', { text: asked, suggestions: joinList(suggestions, t) })
        : `${t('errors:unknown-command', { text: asked })} ${t('errors:see-help')}`;
    return errorResult(
      'help',
      { code: 'unknown-command', message, suggestions },
      {
        target: asked,
        followUps: [...suggestions.map((s) => ({ title: t('help:follow.help', { command: s }), command: `help ${s}` })), { title: t('common:showHelp'), command: 'help' }],
      },
    );
  },
};
