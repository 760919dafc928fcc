/**
 * `npm run world-schema`: writes world.schema.json from the zod schema (world-schema.ts), so editors can
 * validate world files. A test checks the committed file equals what this generates.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { worldJsonSchema } from './world-schema.ts';

export const WORLD_SCHEMA_PATH = fileURLToPath(new URL('./world.schema.json', import.meta.url));

export function renderWorldSchema(): string {
  return `${JSON.stringify(worldJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(WORLD_SCHEMA_PATH, renderWorldSchema());
  console.log(`wrote ${WORLD_SCHEMA_PATH}`);
}
