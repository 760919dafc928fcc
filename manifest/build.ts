/**
 * `npm run package`: builds the Teams app package `manifest/build/netops-bot.zip`.
 *
 *   1. fills the placeholders of manifest/manifest.json from the environment and package.json:
 *        {{MicrosoftAppId}}     bots[0].botId — the bot's Microsoft App ID (required)
 *        {{NETOPS_BOT_DOMAIN}}  validDomains — host name of the messaging endpoint (required)
 *        {{version}}            version — package.json's version
 *      NETOPS_TEAMS_APP_ID (optional GUID) replaces the app's `id`, e.g. for a second, staging copy.
 *   2. validates the manifest and each localization file against the Teams JSON schemas bundled in
 *      @microsoft/app-manifest (offline: the schema is read from the package, never fetched), then the rules
 *      Teams enforces that the schema does not (command title and description lengths, icon pixel sizes, a
 *      white-on-transparent outline icon, localization keys that point at real commands);
 *   3. writes the zip with manifest.json, both icons and the localization files at its root, and reads it
 *      back to check it.
 *
 * Any problem stops the build with a message that names it. `.env` is read as the bot reads it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import { decodePng, type Image } from './icons.ts';
import { readZip, writeZip } from './zip.ts';

const here = dirname(fileURLToPath(import.meta.url));

export const PACKAGE_NAME = 'netops-bot.zip';
/** Teams' limits for bot commands (Developer Portal and app validation); the JSON schema allows more. */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;
export const ICON_SIZES = { color: 192, outline: 32 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A host name (optionally a leading "*." wildcard), no scheme, port or path.
const DOMAIN = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
// What the manifest schema accepts as `version`: major.minor.patch, nothing else.
const MANIFEST_VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The parts of the manifest this script reads; the schema checks the rest. */
export interface TeamsManifestJson {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  name: { short: string; full?: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  localizationInfo?: { defaultLanguageTag: string; additionalLanguages?: Array<{ languageTag: string; file: string }> };
  bots?: Array<{ botId: string; scopes: string[]; commandLists?: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> }>;
  validDomains?: string[];
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  [key: string]: unknown;
}

export class PackageError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`cannot build the Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
    this.problems = problems;
  }
}

export interface BuildOptions {
  /** Where MicrosoftAppId, NETOPS_BOT_DOMAIN and NETOPS_TEAMS_APP_ID come from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Folder holding manifest.json, the icons and the localization files. Default: this folder. */
  sourceDir?: string;
  /** Where the zip goes. Default: <sourceDir>/build. */
  outDir?: string;
  /** package.json whose version the manifest takes. Default: the repository's. */
  packageJson?: string;
}

export interface BuildResult {
  zipPath: string;
  /** The filled manifest, as written into the zip. */
  manifest: TeamsManifestJson;
  /** Entry names in the zip, in order. */
  files: string[];
  /** Things to fix before publishing that do not stop the build (placeholder developer URLs). */
  warnings: string[];
}

export async function buildPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const env = options.env ?? process.env;
  const sourceDir = resolve(options.sourceDir ?? here);
  const outDir = resolve(options.outDir ?? join(sourceDir, 'build'));
  const packageJson = options.packageJson ?? join(here, '..', 'package.json');

  // ---- 1. the environment: report every missing or malformed value at once.
  const problems: string[] = [];
  const appId = (env.MicrosoftAppId ?? '').trim();
  const domain = (env.NETOPS_BOT_DOMAIN ?? '').trim();
  const appIdOverride = (env.NETOPS_TEAMS_APP_ID ?? '').trim();
  if (!appId) {
    problems.push(
      'MicrosoftAppId is not set. It is the bot\'s Microsoft App ID (a GUID: Azure portal > your Azure Bot > Configuration) ' +
        'and becomes bots[0].botId. Example: MicrosoftAppId=<guid> NETOPS_BOT_DOMAIN=netops.contoso.com npm run package',
    );
  } else if (!GUID.test(appId)) {
    problems.push(`MicrosoftAppId "${appId}" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);
  }
  if (!domain) {
    problems.push(
      'NETOPS_BOT_DOMAIN is not set. It is the host name of the bot\'s messaging endpoint (https://<domain>/api/messages), ' +
        'e.g. netops.contoso.com, and goes into validDomains.',
    );
  } else if (!DOMAIN.test(domain)) {
    problems.push(
      `NETOPS_BOT_DOMAIN "${domain}" is not a host name: give only the domain, e.g. netops.contoso.com — no https://, port or path.`,
    );
  }
  if (appIdOverride && !GUID.test(appIdOverride)) {
    problems.push(`NETOPS_TEAMS_APP_ID "${appIdOverride}" is not a GUID.`);
  }
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? '';
  if (!MANIFEST_VERSION.test(version)) {
    problems.push(`package.json version "${version}" cannot be the app version: Teams wants major.minor.patch (no pre-release or build tag).`);
  }
  if (problems.length) throw new PackageError(problems);

  // ---- 2. the manifest with its placeholders filled.
  const manifestPath = join(sourceDir, 'manifest.json');
  const values: Record<string, string> = { MicrosoftAppId: appId.toLowerCase(), NETOPS_BOT_DOMAIN: domain.toLowerCase(), version };
  const filledText = readFileSync(manifestPath, 'utf8').replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (all, key: string) => values[key] ?? all);
  const left = [...new Set(filledText.match(/\{\{[^}]*\}\}/g) ?? [])];
  if (left.length) throw new PackageError([`manifest.json has placeholders the build does not know: ${left.join(', ')} (known: ${Object.keys(values).map((k) => `{{${k}}}`).join(', ')}).`]);
  let manifest: TeamsManifestJson;
  try {
    manifest = JSON.parse(filledText) as TeamsManifestJson;
  } catch (e) {
    throw new PackageError([`manifest.json is not valid JSON: ${(e as Error).message}`]);
  }
  if (appIdOverride) manifest.id = appIdOverride.toLowerCase();

  // ---- 3. schema validation, offline.
  problems.push(...(await validateWithBundledSchema(manifest, 'manifest.json')));

  // ---- 4. what Teams checks beyond the schema.
  problems.push(...checkCommands(manifest));
  const localizationFiles: Array<{ name: string; bytes: Buffer }> = [];
  for (const lang of manifest.localizationInfo?.additionalLanguages ?? []) {
    const file = join(sourceDir, lang.file);
    if (lang.file.includes('/') || lang.file.includes('\\')) {
      problems.push(`localization file "${lang.file}" (${lang.languageTag}) must sit next to manifest.json: the package is flat.`);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`localization file ${lang.file} (${lang.languageTag}) is missing from ${relative(process.cwd(), sourceDir) || '.'}.`);
      continue;
    }
    const bytes = readFileSync(file);
    let strings: Record<string, unknown>;
    try {
      strings = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (e) {
      problems.push(`${lang.file} is not valid JSON: ${(e as Error).message}`);
      continue;
    }
    problems.push(...(await validateWithBundledSchema(strings, lang.file)));
    problems.push(...checkLocalization(manifest, strings, lang.file));
    localizationFiles.push({ name: lang.file, bytes });
  }
  const icons = {
    color: readIcon(sourceDir, manifest.icons?.color, 'color', problems),
    outline: readIcon(sourceDir, manifest.icons?.outline, 'outline', problems),
  };
  if (icons.color) problems.push(...checkColorIcon(icons.color.image, manifest.icons.color, manifest.accentColor));
  if (icons.outline) problems.push(...checkOutlineIcon(icons.outline.image, manifest.icons.outline));
  if (problems.length) throw new PackageError(problems);

  const warnings: string[] = [];
  const developerUrls = [manifest.developer.websiteUrl, manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl];
  if (developerUrls.some((u) => /(^|\.)example\.(com|org|net)$/i.test(new URL(u).hostname))) {
    warnings.push(
      'developer.websiteUrl, privacyUrl and termsOfUseUrl still point at netops.example.com: replace them in manifest/manifest.json with your own pages before publishing to your organisation.',
    );
  }

  // ---- 5. the zip: everything at the root, then read back.
  const entries = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: manifest.icons.color, data: icons.color!.bytes },
    { name: manifest.icons.outline, data: icons.outline!.bytes },
    ...localizationFiles.map((f) => ({ name: f.name, data: f.bytes })),
  ];
  const zip = writeZip(entries);
  const back = readZip(zip);
  if (back.map((e) => e.name).join('\n') !== entries.map((e) => e.name).join('\n')) {
    throw new PackageError(['the zip did not read back with the same entries (a bug in manifest/zip.ts)']);
  }
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, PACKAGE_NAME);
  writeFileSync(zipPath, zip);
  return { zipPath, manifest, files: entries.map((e) => e.name), warnings };
}

// ---- schema -------------------------------------------------------------------------------------------

/**
 * The bundled copy of a schema named by a `$schema` URL such as
 * https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json.
 */
export function bundledSchemaPath(schemaUrl: string): string {
  const m = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/(v[\d.]+|vDevPreview)\/([A-Za-z.]+\.schema\.json)$/.exec(schemaUrl);
  if (!m) throw new Error(`"${schemaUrl}" is not a Teams manifest schema URL`);
  const root = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  return join(root, 'build', 'json-schemas', 'teams', m[1]!, m[2]!);
}

async function validateWithBundledSchema(doc: Record<string, unknown>, label: string): Promise<string[]> {
  const url = doc.$schema;
  if (typeof url !== 'string') return [`${label} has no $schema: name the Teams schema it follows.`];
  let path: string;
  try {
    path = bundledSchemaPath(url);
  } catch (e) {
    return [`${label}: ${(e as Error).message}.`];
  }
  if (!existsSync(path)) {
    return [`${label}: $schema ${url} is not bundled in @microsoft/app-manifest (this build validates offline); use a schema version the package ships.`];
  }
  // The package's own loader does the same clean-up of the schema text before parsing.
  const schema = unicodeSafePatterns(
    JSON.parse(readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')),
  ) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  const errors = await AppManifestUtils.validateAgainstSchema(doc as unknown as AppManifest, schema);
  const version = /\/(v[\d.]+|vDevPreview)\//.exec(url)?.[1];
  return errors.map((e) => `${label} does not match the Teams schema ${version}: ${e.trim() || '(root)'}`);
}

/**
 * ajv compiles schema patterns with the `u` flag, where a lone `]` is a syntax error; the v1.24 localization
 * schema has two such patterns (`activities.activityTypes[\b(...)\b]`), so validating any localization file
 * throws "Lone quantifier brackets". Without `u` a lone `]` is a literal, so escaping it keeps the meaning.
 */
export function unicodeSafePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unicodeSafePatterns);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'patternProperties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([p, v]) => [unicodeSafePattern(p), unicodeSafePatterns(v)]));
    } else if (key === 'pattern' && typeof value === 'string') {
      out[key] = unicodeSafePattern(value);
    } else {
      out[key] = unicodeSafePatterns(value);
    }
  }
  return out;
}

function unicodeSafePattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    let out = '';
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '\\') {
        out += c + (pattern[i + 1] ?? '');
        i++;
      } else if (c === '[' && !inClass) {
        inClass = true;
        out += c;
      } else if (c === ']') {
        out += inClass ? c : '\\]';
        inClass = false;
      } else {
        out += c;
      }
    }
    return out;
  }
}

// ---- Teams rules beyond the schema ----------------------------------------------------------------------

function checkCommands(manifest: TeamsManifestJson): string[] {
  const problems: string[] = [];
  (manifest.bots ?? []).forEach((bot, b) => {
    (bot.commandLists ?? []).forEach((list, l) => {
      const titles = new Set<string>();
      list.commands.forEach((c, i) => {
        const where = `bots[${b}].commandLists[${l}].commands[${i}] "${c.title}"`;
        if (c.title.length > COMMAND_TITLE_MAX) problems.push(`${where}: title is ${c.title.length} characters; Teams allows ${COMMAND_TITLE_MAX}.`);
        if (c.description.length > COMMAND_DESCRIPTION_MAX) {
          problems.push(`${where}: description is ${c.description.length} characters; Teams allows ${COMMAND_DESCRIPTION_MAX}.`);
        }
        if (titles.has(c.title.toLowerCase())) problems.push(`${where}: the list has this title twice.`);
        titles.add(c.title.toLowerCase());
      });
    });
  });
  return problems;
}

const COMMAND_KEY = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;

function checkLocalization(manifest: TeamsManifestJson, strings: Record<string, unknown>, file: string): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(strings)) {
    const m = COMMAND_KEY.exec(key);
    if (!m) continue;
    const command = manifest.bots?.[Number(m[1])]?.commandLists?.[Number(m[2])]?.commands[Number(m[3])];
    if (!command) {
      problems.push(`${file}: "${key}" points at a command the manifest does not have.`);
      continue;
    }
    const max = m[4] === 'title' ? COMMAND_TITLE_MAX : COMMAND_DESCRIPTION_MAX;
    if (typeof value === 'string' && value.length > max) problems.push(`${file}: "${key}" is ${value.length} characters; Teams allows ${max}.`);
  }
  return problems;
}

function readIcon(dir: string, name: string | undefined, kind: 'color' | 'outline', problems: string[]): { bytes: Buffer; image: Image } | undefined {
  if (!name) return undefined; // the schema already said icons.<kind> is required
  if (name.includes('/') || name.includes('\\')) {
    problems.push(`icons.${kind} "${name}" must sit next to manifest.json: the package is flat.`);
    return undefined;
  }
  const path = join(dir, name);
  if (!existsSync(path)) {
    problems.push(`icons.${kind}: ${name} is missing (regenerate with: npx tsx manifest/icons.ts).`);
    return undefined;
  }
  const bytes = readFileSync(path);
  try {
    return { bytes, image: decodePng(bytes) };
  } catch (e) {
    problems.push(`icons.${kind}: ${name} is not a readable PNG (${(e as Error).message}).`);
    return undefined;
  }
}

export function checkColorIcon(image: Image, name: string, accentColor: string): string[] {
  const want = ICON_SIZES.color;
  if (image.width !== want || image.height !== want) return [`icons.color: ${name} is ${image.width}x${image.height} px; Teams needs ${want}x${want}.`];
  // The corner shows the icon's background; when it is opaque it should be the accent colour Teams puts around it.
  const [r, g, b, a] = image.data.subarray(0, 4);
  const corner = `#${[r!, g!, b!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  if (a === 255 && corner.toLowerCase() !== accentColor.toLowerCase()) {
    return [`accentColor ${accentColor} differs from the background of ${name} (${corner}); make them the same (manifest/icons.ts ACCENT_COLOR).`];
  }
  return [];
}

export function checkOutlineIcon(image: Image, name: string): string[] {
  const want = ICON_SIZES.outline;
  if (image.width !== want || image.height !== want) return [`icons.outline: ${name} is ${image.width}x${image.height} px; Teams needs ${want}x${want}.`];
  let coloured = 0;
  let transparent = 0;
  let opaque = 0;
  let example = '';
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, a] = image.data.subarray(i, i + 4);
    if (a === 0) {
      transparent++;
      continue;
    }
    if (a === 255) opaque++;
    if (r !== 255 || g !== 255 || b !== 255) {
      if (!coloured) example = ` (first at x=${(i / 4) % want}, y=${Math.floor(i / 4 / want)}: rgba(${r}, ${g}, ${b}, ${a}))`;
      coloured++;
    }
  }
  const problems: string[] = [];
  if (coloured) problems.push(`icons.outline: ${name} must be white on transparent, but ${coloured} visible pixels are not white${example}.`);
  if (!transparent) problems.push(`icons.outline: ${name} has no transparent pixels; the background must be transparent.`);
  if (!opaque) problems.push(`icons.outline: ${name} has no opaque white pixels; the mark is missing.`);
  return problems;
}

// ---- command line -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { loadDotEnv } = await import('../src/env-file.ts');
  loadDotEnv();
  try {
    const result = await buildPackage();
    const m = result.manifest;
    process.stdout.write(
      [
        `built ${relative(process.cwd(), result.zipPath)}`,
        `  app ${m.name.short} ${m.version} (id ${m.id}), manifest schema ${m.manifestVersion}`,
        `  bot ${m.bots?.[0]?.botId}, valid domains ${(m.validDomains ?? []).join(', ')}`,
        `  files: ${result.files.join(', ')}`,
        ...result.warnings.map((w) => `warning: ${w}`),
        '',
      ].join('\n'),
    );
  } catch (e) {
    if (e instanceof PackageError) {
      process.stderr.write(`npm run package: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
