import { describe, expect, it } from 'vitest';
import { aboutSpec } from '../../src/commands/about.ts';
import { circuitsSpec } from '../../src/commands/circuits.ts';
import { runCommand } from '../../src/commands/engine.ts';
import { helpSpec } from '../../src/commands/help.ts';
import { createMemory } from '../../src/commands/memory.ts';
import type { CommandSpec } from '../../src/commands/types.ts';
import { hasKey } from '../../src/i18n/index.ts';
import { renderResultCard } from '../../src/render/card.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { arpTable, bgpStatus, latencyCompare, makeContext } from './fixtures.ts';

const COMMANDS: readonly CommandSpec[] = [helpSpec, circuitsSpec, aboutSpec, bgpStatus, arpTable, latencyCompare];

async function help(text: string, locale: 'en' | 'ja' = 'en') {
  const ctx = makeContext(COMMANDS, locale);
  const result = await runCommand(text, ctx, createMemory());
  expectValidCard(renderResultCard(result, ctx.t).card);
  return result;
}

describe('help', () => {
  it('lists every command with its summary, grouped by what it talks to', async () => {
    const r = await help('help');
    expect(r.ok).toBe(true);
    expect(r.tables.map((t) => t.title)).toEqual(['ExpressRoute and Azure (read-only)', 'Latency probes', 'About the bot']);
    for (const table of r.tables) expect(table.columns).toEqual(['Command', 'What it does']);
    const rows = r.tables.flatMap((t) => t.rows);
    expect(rows.map((row) => row[0])).toEqual(['circuits', 'bgp status', 'arp table', 'latency compare', 'help', 'about']);
    expect(rows).toContainEqual(['circuits', 'List ExpressRoute circuits: provider, location, bandwidth, SKU, provisioning states and what their configuration says']);
    expect(rows).toContainEqual(['about', "Show the bot's version, mode (live or simulated), subscriptions and endpoint"]);
    // A command whose texts are not written yet still shows, under its name.
    expect(rows).toContainEqual(['latency compare', 'latency compare']);
    // Buttons: commands that run without arguments, then the usage of the others.
    expect(r.followUps.slice(0, 3)).toEqual([
      { title: 'circuits', command: 'circuits' },
      { title: 'about', command: 'about' },
      { title: 'Help: bgp status', command: 'help bgp status' },
    ]);
    expect(r.followUps.length).toBeLessThanOrEqual(6);
  });

  it('in Japanese', async () => {
    const r = await help('ヘルプ', 'ja');
    expect(r.tables[0]!.title).toBe('ExpressRoute と Azure (読み取り専用)');
    expect(r.tables[0]!.columns).toEqual(['コマンド', '内容']);
    expect(r.tables[0]!.rows[0]).toEqual(['circuits', 'ExpressRoute 回線をプロバイダー、場所、帯域幅、SKU、プロビジョニング状態、構成から分かる健全性付きで一覧表示します']);
  });

  it('help <command> shows usage, description, aliases and examples, with examples as buttons', async () => {
    const r = await help('help circuits');
    expect(r).toMatchObject({ ok: true, command: 'help', target: 'circuits', request: 'help circuits' });
    const [detail, params] = r.tables;
    expect(detail!.columns).toEqual(['Item', 'Details']);
    expect(detail!.rows).toEqual([
      ['Usage', 'circuits [<filter>]'],
      ['What it does', expect.stringContaining('Lists the ExpressRoute circuits in the configured subscriptions')],
      ['Also', 'list circuits, circuit list, ls'],
      ['Examples', 'circuits\ncircuits tokyo'],
    ]);
    expect(params!.rows).toEqual([['filter', 'a word or name (quote text with spaces)', 'optional']]);
    expect(r.followUps).toEqual([
      { title: 'circuits', command: 'circuits' },
      { title: 'circuits tokyo', command: 'circuits tokyo' },
    ]);
  });

  it('finds commands by alias and multi-word name, and documents every kind of parameter', async () => {
    expect((await help('help whoami')).target).toBe('about');
    const r = await help('help ARP');
    expect(r.target).toBe('arp table');
    expect(r.tables[0]!.rows[0]).toEqual(['Usage', 'arp table <circuit> [private|microsoft] [primary|secondary|both] [page <page>]']);
    expect(r.tables[1]!.rows).toEqual([
      ['circuit', 'a circuit name (quote names with spaces)', 'required; remembered in this conversation'],
      ['peering', 'private, azureprivatepeering, microsoft, microsoftpeering', 'optional; default AzurePrivatePeering; remembered in this conversation'],
      ['path', 'primary, secondary, both', 'optional; default both'],
      ['page', 'a whole number', 'optional; after the word “page”'],
    ]);
    const latency = await help('help latency compare');
    expect(latency.tables[1]!.rows[2]).toEqual(['count', 'a whole number from 1 to 100', 'optional; after the word “n”; default 10']);
  });

  it('help <command> in Japanese', async () => {
    const r = await help('help about', 'ja');
    expect(r.tables[0]!.columns).toEqual(['項目', '詳細']);
    expect(r.tables[0]!.rows[0]).toEqual(['使い方', 'about']);
    expect(r.tables[0]!.rows[1]![1]).toContain('ボットのバージョン');
    expect(r.tables[0]!.rows[2]).toEqual(['別名', 'whoami、version、info']);
  });

  it('help for an unknown command suggests close ones', async () => {
    const r = await help('help bgp stauts');
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'unknown-command', suggestions: ['bgp status'] });
    expect(r.followUps[0]).toEqual({ title: 'Help: bgp status', command: 'help bgp status' });
  });

  it('has its texts in both languages', () => {
    for (const id of ['help', 'circuits', 'about']) {
      for (const part of ['summary', 'description']) {
        expect(hasKey(`help:${id}.${part}`, 'en')).toBe(true);
        expect(hasKey(`help:${id}.${part}`, 'ja')).toBe(true);
      }
    }
  });
});
