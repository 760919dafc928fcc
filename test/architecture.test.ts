/**
 * The layering of src/ (docs/architecture.md, "Layers and what each may import"), checked on the source text:
 * every static import, re-export, dynamic import() and require() of every .ts file under src/.
 * `import type` is erased at run time, so a type-only import of another layer's types is allowed where a
 * runtime import is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

interface Import {
  /** The importing file, relative to the repository: src/teams/bot.ts */
  file: string;
  /** As written: 'botbuilder', 'node:fs', '../azure/snapshots.ts' */
  specifier: string;
  /** For a relative specifier: the imported file relative to src/ (azure/snapshots.ts); else undefined. */
  target?: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(path: string): Import[] {
  const text = readFileSync(path, 'utf8');
  const file = relative(ROOT, path);
  const make = (specifier: string, typeOnly: boolean): Import => ({
    file,
    specifier,
    typeOnly,
    ...(specifier.startsWith('.') ? { target: relative(SRC, resolve(dirname(path), specifier)) } : {}),
  });
  return [
    ...[...text.matchAll(STATIC)].map((m) => make(m[2]!, m[1] !== undefined)),
    ...[...text.matchAll(DYNAMIC)].map((m) => make(m[1]!, false)),
  ];
}

const ALL = sourceFiles(SRC).flatMap(importsOf);

/** src/<layer>/… -> layer; src/config.ts -> config.ts */
const layerOf = (srcRelative: string) => srcRelative.split('/')[0]!;
const fileLayer = (i: Import) => layerOf(relative('src', i.file));
const pkg = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
const show = (i: Import) => `${i.file}: ${i.typeOnly ? 'import type ' : ''}'${i.specifier}'`;

const TEAMS_PACKAGES = ['botbuilder', 'botframework-connector', 'botframework-schema', 'restify'];
const isTeamsPackage = (s: string) => TEAMS_PACKAGES.includes(pkg(s)) || pkg(s).startsWith('botbuilder');

describe('architecture: what each layer of src/ may import', () => {
  it('the scanner sees the imports it checks (botbuilder in src/teams/, type-only imports, dynamic imports)', () => {
    expect(ALL.some((i) => i.file.startsWith('src/teams/') && pkg(i.specifier) === 'botbuilder')).toBe(true);
    expect(ALL.some((i) => i.file.startsWith('src/diagnosis/') && i.typeOnly && i.target?.startsWith('azure/'))).toBe(true);
    expect(ALL.some((i) => i.file === 'src/render/card.ts' && i.target === 'commands/result.ts' && i.typeOnly)).toBe(true);
  });

  it('botbuilder, the Bot Framework packages and restify only in src/teams/', () => {
    expect(ALL.filter((i) => !i.file.startsWith('src/teams/') && !i.typeOnly && isTeamsPackage(i.specifier)).map(show)).toEqual([]);
    // Not even their types: commands, diagnosis and render know nothing of Teams.
    expect(ALL.filter((i) => !i.file.startsWith('src/teams/') && isTeamsPackage(i.specifier)).map(show)).toEqual([]);
  });

  it('the ARM SDKs only in src/azure/, the storage SDKs only in src/state/', () => {
    expect(ALL.filter((i) => pkg(i.specifier).startsWith('@azure/arm-') && !i.file.startsWith('src/azure/')).map(show)).toEqual([]);
    expect(
      ALL.filter((i) => ['@azure/data-tables', '@azure/storage-blob'].includes(pkg(i.specifier)) && !i.file.startsWith('src/state/')).map(show),
    ).toEqual([]);
  });

  it('src/diagnosis/ is pure: no Node modules, no Azure SDK, and at run time only itself and src/net/', () => {
    const diagnosis = ALL.filter((i) => fileLayer(i) === 'diagnosis');
    expect(diagnosis.filter((i) => i.specifier.startsWith('node:') || pkg(i.specifier).startsWith('@azure/')).map(show)).toEqual([]);
    expect(diagnosis.filter((i) => !i.typeOnly && i.target !== undefined && !['diagnosis', 'net'].includes(layerOf(i.target))).map(show)).toEqual([]);
  });

  it('src/net/ is pure too (diagnosis relies on it): no Node modules', () => {
    expect(ALL.filter((i) => fileLayer(i) === 'net' && i.specifier.startsWith('node:')).map(show)).toEqual([]);
  });

  it('src/render/ takes a Result and knows nothing of hosts, Azure, probes or state', () => {
    const render = ALL.filter((i) => fileLayer(i) === 'render');
    const forbidden = ['teams', 'cli', 'azure', 'probes', 'state', 'emulator', 'services.ts', 'index.ts'];
    expect(render.filter((i) => i.target !== undefined && forbidden.includes(layerOf(i.target))).map(show)).toEqual([]);
    // The Result and Verdict shapes, as types only: render never runs a command or a rule.
    expect(render.filter((i) => !i.typeOnly && i.target !== undefined && ['commands', 'diagnosis'].includes(layerOf(i.target))).map(show)).toEqual([]);
    expect(render.filter((i) => pkg(i.specifier).startsWith('@azure/')).map(show)).toEqual([]);
  });

  it('src/commands/ is platform-free: no host, no renderer', () => {
    const commands = ALL.filter((i) => fileLayer(i) === 'commands');
    expect(commands.filter((i) => i.target !== undefined && ['teams', 'cli', 'render'].includes(layerOf(i.target))).map(show)).toEqual([]);
  });

  it('src/probe-agent/ is a program of its own: nothing from the rest of src/', () => {
    expect(ALL.filter((i) => fileLayer(i) === 'probe-agent' && i.target !== undefined && layerOf(i.target) !== 'probe-agent').map(show)).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

  it('documents every environment variable of .env.example and src/config.ts', () => {
    const example = [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
    const config = readFileSync(join(SRC, 'config.ts'), 'utf8');
    const schema = config.slice(config.indexOf('const envSchema = z.object({'), config.indexOf('\n});', config.indexOf('const envSchema')));
    const validated = [...schema.matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_]*):/gm)].map((m) => m[1]!);
    expect(example.length).toBeGreaterThan(20);
    expect(validated).toContain('NETOPS_DATA_DIR');
    expect([...new Set([...example, ...validated])].filter((name) => !doc.includes(`\`${name}\``)).sort()).toEqual([]);
  });
});
