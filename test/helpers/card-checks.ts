/**
 * Checks every card a test produces against what Teams will do with it:
 *  (a) the `adaptivecards` library parses it (unknown element types, invalid property values) and its
 *      validation passes (Teams host config: at most 6 visible actions). Parsing needs no DOM; only
 *      rendering does. The package's ESM build (lib/) uses extensionless imports that Node cannot load,
 *      so the UMD bundle (dist/) is loaded with require.
 *  (b) the official Adaptive Card 1.5 JSON schema accepts it, after removing the Teams-only `msteams`
 *      property, which is checked on its own.
 * The schema and the Teams host config are the repository's unchanged copies in schemas/ (see its README).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import type * as ACTypes from 'adaptivecards';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

export const TEAMS_MAX_ACTIONS = 6;

/** The repository's schemas/ folder: the Adaptive Card 1.5 schema and the Teams host configs. */
export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

export function readSchemaFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')) as Record<string, unknown>;
}

type Card = Record<string, unknown>;

const teamsHost = new AC.HostConfig(readSchemaFile('hostconfig-teams-light.json'));

function primaryActions(actions: unknown): number {
  return Array.isArray(actions) ? actions.filter((a) => (a as { mode?: string }).mode !== 'secondary').length : 0;
}

/** Every ActionSet and the card's own actions, to check Teams' visible-action limit. */
function actionCollections(node: unknown, out: unknown[][] = []): unknown[][] {
  if (Array.isArray(node)) node.forEach((n) => actionCollections(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Card;
    if (Array.isArray(o.actions)) out.push(o.actions);
    Object.values(o).forEach((v) => actionCollections(v, out));
  }
  return out;
}

/** Problems the adaptivecards library reports while parsing and validating the card. */
export function libraryProblems(card: Card): string[] {
  const ac = new AC.AdaptiveCard();
  ac.hostConfig = teamsHost;
  const context = new AC.SerializationContext();
  ac.parse(JSON.parse(JSON.stringify(card)), context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of ac.validateProperties().validationEvents) {
    // The library counts overflow (mode: secondary) actions against maxActions; Teams does not.
    if (e.event === AC.ValidationEvent.TooManyActions) continue;
    problems.push(`validate: ${e.message}`);
  }
  for (const actions of actionCollections(card)) {
    const visible = primaryActions(actions);
    if (visible > TEAMS_MAX_ACTIONS) problems.push(`teams: ${visible} visible actions in one collection (max ${TEAMS_MAX_ACTIONS})`);
  }
  return problems;
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let schemaValidator: Validate | undefined;

function validator(): Validate {
  if (schemaValidator) return schemaValidator;
  const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (opts: object) => {
    addMetaSchema(s: object): void;
    compile(s: object): Validate;
  };
  // strict: false because the schema uses annotations (version, id) that Ajv's strict mode rejects;
  // formats (uri, uri-reference) need ajv-formats, and we send no URLs.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addMetaSchema(draft6);
  const schema = readSchemaFile('adaptive-card-1.5.json');
  // The file names itself with draft-04's `id`, which Ajv 8 refuses; `$id` is the draft-06 spelling.
  if (typeof schema.id === 'string' && schema.$id === undefined) {
    schema.$id = schema.id;
    delete schema.id;
  }
  schemaValidator = ajv.compile(schema);
  return schemaValidator;
}

/** Problems found by the official 1.5 schema. */
export function schemaProblems(card: Card): string[] {
  const validate = validator();
  const { msteams: _ignored, ...withoutTeams } = card;
  if (validate(withoutTeams)) return [];
  return ((validate.errors as { instancePath?: string; message?: string }[] | undefined) ?? []).map((e) => `schema: ${e.instancePath} ${e.message}`);
}

/** Teams' own `msteams` property: only the keys we use, with valid values. */
export function msteamsProblems(card: Card): string[] {
  if (card.msteams === undefined) return [];
  const m = card.msteams as Card;
  const problems: string[] = [];
  for (const key of Object.keys(m)) if (!['width', 'entities'].includes(key)) problems.push(`msteams: unknown key ${key}`);
  if (m.width !== undefined && m.width !== 'Full') problems.push(`msteams: width must be "Full", got ${JSON.stringify(m.width)}`);
  return problems;
}

export function expectValidCard(card: Card): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(typeof card.fallbackText).toBe('string');
  expect([...libraryProblems(card), ...msteamsProblems(card), ...schemaProblems(card)]).toEqual([]);
}
