/**
 * The Teams app package (`npm run package`, manifest/build.ts): the zip it writes, the manifest and
 * localization inside it (validated offline against the schemas bundled in @microsoft/app-manifest), the
 * icons, and the messages it stops with when the environment or the sources are wrong.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPackage,
  bundledSchemaPath,
  COMMAND_DESCRIPTION_MAX,
  COMMAND_TITLE_MAX,
  PackageError,
  type BuildResult,
  type TeamsManifestJson,
  unicodeSafePatterns,
} from '../../manifest/build.ts';
import { ACCENT_COLOR, colorIcon, decodePng, encodePng, outlineIcon, type Image } from '../../manifest/icons.ts';
import { readZip, writeZip } from '../../manifest/zip.ts';
import { COMMANDS } from '../../src/commands/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifestDir = join(root, 'manifest');
const ENV = { MicrosoftAppId: '00000000-0000-0000-0000-000000000000', NETOPS_BOT_DOMAIN: 'netops.example.com' };
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** Commands in the Teams menu that are being built alongside this package (issue 7); checked once registered. */
const PENDING_COMMANDS = new Set(['check', 'latency compare']);

let tmp: string;
let built: BuildResult;
let entries: Map<string, Buffer>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'netops-package-'));
  built = await buildPackage({ env: ENV, outDir: join(tmp, 'out') });
  entries = new Map(readZip(readFileSync(built.zipPath)).map((e) => [e.name, Buffer.from(e.data)]));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function schemaErrors(doc: unknown): Promise<string[]> {
  const url = (doc as { $schema: string }).$schema;
  const schema = unicodeSafePatterns(JSON.parse(readFileSync(bundledSchemaPath(url), 'utf8')));
  return AppManifestUtils.validateAgainstSchema(doc as AppManifest, schema as never);
}

function manifestFromZip(): TeamsManifestJson {
  return JSON.parse(entries.get('manifest.json')!.toString('utf8')) as TeamsManifestJson;
}

/** A copy of manifest/ to break on purpose. */
function sourceCopy(): string {
  const dir = mkdtempSync(join(tmp, 'src-'));
  cpSync(manifestDir, dir, { recursive: true, filter: (src) => !src.includes(`${join(manifestDir, 'build')}`) });
  return dir;
}

async function buildError(options: Parameters<typeof buildPackage>[0]): Promise<PackageError> {
  try {
    await buildPackage({ outDir: join(tmp, 'broken'), ...options });
  } catch (e) {
    if (e instanceof PackageError) return e;
    throw e;
  }
  throw new Error('the build succeeded but should have failed');
}

describe('npm run package: the zip', () => {
  it('holds exactly manifest.json, both icons and the Japanese localization, at the root', () => {
    expect(built.zipPath).toBe(join(tmp, 'out', 'netops-bot.zip'));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'ja-jp.json', 'manifest.json', 'outline.png']);
    expect(built.files).toEqual([...entries.keys()]);
  });

  it('is a zip that other tools read (unzip -t, when installed)', () => {
    const probe = spawnSync('unzip', ['-v'], { stdio: 'ignore' });
    if (probe.error) return; // no unzip on this machine: our own reader above already read it back
    const out = execFileSync('unzip', ['-tq', built.zipPath], { encoding: 'utf8' });
    expect(out).toMatch(/No errors detected/);
  });

  it('copies the icons and the localization file byte for byte', () => {
    for (const name of ['color.png', 'outline.png', 'ja-jp.json']) {
      expect(entries.get(name)!.equals(readFileSync(join(manifestDir, name))), name).toBe(true);
    }
  });

  it('is reproducible: the same inputs give the same bytes', async () => {
    const again = await buildPackage({ env: ENV, outDir: join(tmp, 'again') });
    expect(readFileSync(again.zipPath).equals(readFileSync(built.zipPath))).toBe(true);
  });
});

describe('npm run package: the manifest', () => {
  it('has the placeholders filled from the environment and package.json', () => {
    const m = manifestFromZip();
    expect(m.bots![0]!.botId).toBe(ENV.MicrosoftAppId);
    expect(m.validDomains).toEqual([ENV.NETOPS_BOT_DOMAIN]);
    expect(m.version).toBe(PACKAGE_VERSION);
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);
    // The source keeps its placeholders.
    const source = readFileSync(join(manifestDir, 'manifest.json'), 'utf8');
    expect(source).toContain('{{MicrosoftAppId}}');
    expect(source).toContain('{{NETOPS_BOT_DOMAIN}}');
  });

  it('validates against the bundled Teams schema v1.24', async () => {
    const m = manifestFromZip();
    expect(m.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json');
    expect(m.manifestVersion).toBe('1.24');
    expect(await schemaErrors(m)).toEqual([]);
  });

  it('describes the app in English with the required identity, developer and scopes', () => {
    const m = manifestFromZip();
    expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(m.name.short).toBe('NetOps bot');
    expect(m.name.full!.length).toBeLessThanOrEqual(100);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    expect(m.developer.name).toBe('NetOps bot team');
    for (const url of [m.developer.websiteUrl, m.developer.privacyUrl, m.developer.termsOfUseUrl]) expect(url).toMatch(/^https:\/\//);
    expect(m.accentColor).toBe(ACCENT_COLOR);
    expect(m.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(m.bots![0]!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(m.localizationInfo).toEqual({ defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'ja-jp', file: 'ja-jp.json' }] });
  });

  it('warns that the developer URLs are placeholders', () => {
    expect(built.warnings.join('\n')).toMatch(/netops\.example\.com/);
  });

  it('has a command menu for each scope, within Teams limits, naming real commands', () => {
    const lists = manifestFromZip().bots![0]!.commandLists!;
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const known = new Set(COMMANDS.map((c) => c.name));
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(12);
      const titles = list.commands.map((c) => c.title);
      for (const must of ['bgp status', 'arp table', 'routes', 'routes summary', 'circuit', 'circuits', 'fastpath', 'gateway', 'check', 'latency compare', 'help']) {
        expect(titles, `${list.scopes} menu`).toContain(must);
      }
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(COMMAND_TITLE_MAX);
        expect(c.description.length).toBeLessThanOrEqual(COMMAND_DESCRIPTION_MAX);
        // The menu inserts the title as the message: it must be what the bot parses.
        expect(known.has(c.title) || PENDING_COMMANDS.has(c.title), `"${c.title}" is not a registered command`).toBe(true);
      }
    }
  });
});

describe('npm run package: the Japanese localization', () => {
  const ja = () => JSON.parse(entries.get('ja-jp.json')!.toString('utf8')) as Record<string, string>;

  it('validates against the bundled localization schema', async () => {
    expect(await schemaErrors(ja())).toEqual([]);
  });

  it('translates the name, the descriptions and every command description, in Japanese', () => {
    const strings = ja();
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    expect(strings['name.short']).toBe('NetOps bot');
    for (const key of ['description.short', 'description.full']) expect(strings[key]).toMatch(japanese);
    expect(strings['description.short']!.length).toBeLessThanOrEqual(80);
    const lists = manifestFromZip().bots![0]!.commandLists!;
    lists.forEach((list, l) =>
      list.commands.forEach((c, i) => {
        const text = strings[`bots[0].commandLists[${l}].commands[${i}].description`];
        expect(text, `${c.title} in list ${l}`).toMatch(japanese);
        expect(text!.length).toBeLessThanOrEqual(COMMAND_DESCRIPTION_MAX);
        // Same command at the same index: a usage line in English names the command, so must the Japanese one.
        if (c.description.includes(`${c.title} `) || c.description.endsWith(c.title)) expect(text, `${c.title} in list ${l}`).toContain(c.title);
      }),
    );
    // Titles stay English: they are the command text the bot understands.
    expect(Object.keys(strings).filter((k) => k.endsWith('.title'))).toEqual([]);
  });
});

describe('npm run package: the icons', () => {
  const png = (name: string): Image => decodePng(entries.get(name)!);

  it('color.png is 192x192, opaque, on the accent colour', () => {
    const img = png('color.png');
    expect([img.width, img.height]).toEqual([192, 192]);
    for (let i = 3; i < img.data.length; i += 4) expect(img.data[i]).toBe(255);
    const corner = `#${[...img.data.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    expect(corner.toUpperCase()).toBe(ACCENT_COLOR.toUpperCase());
    // A white mark in the middle, nothing near the edges (Teams crops to rounded shapes).
    const white = (x: number, y: number) => img.data[(y * 192 + x) * 4] === 255;
    expect(white(96, 96)).toBe(true);
    for (let k = 0; k < 192; k++) for (const [x, y] of [[k, 8], [k, 183], [8, k], [183, k]] as const) expect(white(x, y)).toBe(false);
  });

  it('outline.png is 32x32, white on transparent only', () => {
    const img = png('outline.png');
    expect([img.width, img.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      const [r, g, b, a] = img.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(opaque).toBeGreaterThan(40);
  });

  it('the committed PNGs are what manifest/icons.ts draws', () => {
    expect(Buffer.from(png('color.png').data).equals(Buffer.from(colorIcon().data))).toBe(true);
    expect(Buffer.from(png('outline.png').data).equals(Buffer.from(outlineIcon().data))).toBe(true);
  });
});

describe('npm run package: clear errors', () => {
  it('stops without MicrosoftAppId, naming it and where to find it', async () => {
    const e = await buildError({ env: { NETOPS_BOT_DOMAIN: 'netops.example.com' } });
    expect(e.problems).toHaveLength(1);
    expect(e.message).toMatch(/MicrosoftAppId is not set/);
    expect(e.message).toMatch(/Azure Bot > Configuration/);
  });

  it('stops without NETOPS_BOT_DOMAIN, and lists every missing variable at once', async () => {
    const one = await buildError({ env: { MicrosoftAppId: ENV.MicrosoftAppId } });
    expect(one.message).toMatch(/NETOPS_BOT_DOMAIN is not set/);
    const both = await buildError({ env: {} });
    expect(both.problems).toHaveLength(2);
  });

  it('rejects an app id that is not a GUID and a domain given as a URL', async () => {
    const e = await buildError({ env: { MicrosoftAppId: 'my-bot', NETOPS_BOT_DOMAIN: 'https://netops.contoso.com/api/messages' } });
    expect(e.message).toMatch(/MicrosoftAppId "my-bot" is not a GUID/);
    expect(e.message).toMatch(/NETOPS_BOT_DOMAIN "https:\/\/netops\.contoso\.com\/api\/messages" is not a host name: give only the domain/);
  });

  it('exits 1 from the command line with the message on stderr', () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    // cwd outside the repository so a developer's .env cannot supply the variables.
    const run = spawnSync(tsx, [join(manifestDir, 'build.ts')], { cwd: tmp, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/npm run package: cannot build the Teams app package:/);
    expect(run.stderr).toMatch(/MicrosoftAppId is not set/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });

  it('names a schema violation with its path', async () => {
    const dir = sourceCopy();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.developer.name = 'x'.repeat(40);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const e = await buildError({ env: ENV, sourceDir: dir });
    expect(e.message).toMatch(/manifest\.json does not match the Teams schema v1\.24: \/developer\/name must NOT have more than 32 characters/);
  });

  it('names a command title or description over the Teams limits', async () => {
    const dir = sourceCopy();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.bots[0].commandLists[1].commands[0].title = 'bgp status of every circuit in the tenant';
    m.bots[0].commandLists[1].commands[1].description = 'd'.repeat(129);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const e = await buildError({ env: ENV, sourceDir: dir });
    expect(e.message).toMatch(/commandLists\[1\]\.commands\[0\] "bgp status of every circuit in the tenant": title is 41 characters; Teams allows 32/);
    expect(e.message).toMatch(/commandLists\[1\]\.commands\[1\] "arp table": description is 129 characters; Teams allows 128/);
  });

  it('names an icon of the wrong size, a coloured outline icon and a missing localization file', async () => {
    const dir = sourceCopy();
    const small: Image = { width: 96, height: 96, data: new Uint8Array(96 * 96 * 4).fill(255) };
    writeFileSync(join(dir, 'color.png'), encodePng(small));
    const red = outlineIcon();
    for (let i = 0; i < red.data.length; i += 4) if (red.data[i + 3]! > 0) red.data.set([220, 40, 40], i);
    writeFileSync(join(dir, 'outline.png'), encodePng(red));
    rmSync(join(dir, 'ja-jp.json'));
    const e = await buildError({ env: ENV, sourceDir: dir });
    expect(e.message).toMatch(/icons\.color: color\.png is 96x96 px; Teams needs 192x192/);
    expect(e.message).toMatch(/icons\.outline: outline\.png must be white on transparent, but \d+ visible pixels are not white/);
    expect(e.message).toMatch(/localization file ja-jp\.json \(ja-jp\) is missing/);
  });

  it('names an outline icon with an opaque background and an accent colour that does not match the icon', async () => {
    const dir = sourceCopy();
    writeFileSync(join(dir, 'outline.png'), encodePng({ width: 32, height: 32, data: new Uint8Array(32 * 32 * 4).fill(255) }));
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.accentColor = '#FF0000';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const e = await buildError({ env: ENV, sourceDir: dir });
    expect(e.message).toMatch(/outline\.png has no transparent pixels/);
    expect(e.message).toMatch(/accentColor #FF0000 differs from the background of color\.png/);
  });

  it('names a localization key that points at no command', async () => {
    const dir = sourceCopy();
    const ja = JSON.parse(readFileSync(join(dir, 'ja-jp.json'), 'utf8'));
    ja['bots[0].commandLists[2].commands[11].description'] = '存在しないコマンド';
    writeFileSync(join(dir, 'ja-jp.json'), JSON.stringify(ja));
    const e = await buildError({ env: ENV, sourceDir: dir });
    expect(e.message).toMatch(/ja-jp\.json: "bots\[0\]\.commandLists\[2\]\.commands\[11\]\.description" points at a command the manifest does not have/);
  });

  it('names a placeholder it does not know', async () => {
    const dir = sourceCopy();
    copyFileSync(join(manifestDir, 'manifest.json'), join(dir, 'manifest.json'));
    const text = readFileSync(join(dir, 'manifest.json'), 'utf8').replace('"NetOps bot team"', '"{{DEVELOPER_NAME}}"');
    writeFileSync(join(dir, 'manifest.json'), text);
    const e = await buildError({ env: ENV, sourceDir: dir });
    expect(e.message).toMatch(/placeholders the build does not know: \{\{DEVELOPER_NAME\}\}/);
  });
});

describe('manifest/zip.ts', () => {
  it('round-trips names and bytes, and refuses what it cannot write', () => {
    const files = [
      { name: 'a.txt', data: Buffer.from('hello') },
      { name: 'empty', data: new Uint8Array(0) },
      { name: 'ja-テスト.json', data: Buffer.from('{"k":"値"}') },
    ];
    const back = readZip(writeZip(files));
    expect(back.map((e) => [e.name, Buffer.from(e.data).toString('utf8')])).toEqual(files.map((f) => [f.name, Buffer.from(f.data).toString('utf8')]));
    expect(() => writeZip([{ name: '../x', data: new Uint8Array(1) }])).toThrow(/bad entry name/);
    expect(() => writeZip([files[0]!, files[0]!])).toThrow(/duplicate/);
    const corrupt = writeZip([files[0]!]);
    corrupt[30 + 'a.txt'.length] ^= 0xff; // first data byte
    expect(() => readZip(corrupt)).toThrow(/CRC mismatch/);
  });
});
