/**
 * docs/diagnosis-rules.md is the rule id catalogue: it lists every rule id that src/diagnosis/ can produce,
 * and nothing else. Rule ids are found in the code as quoted literals ('ER-BGP-DOWN'), in the catalogue as
 * the first cell of a table row (| `ER-BGP-DOWN` | …).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ID = String.raw`(?:ER|FP|GW|NW|LAT)-[A-Z0-9]+(?:-[A-Z0-9]+)*`;

function sources(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(new URL(`${e.name}/`, dir)) : e.name.endsWith('.ts') ? [new URL(e.name, dir)] : [],
  );
}

const inCode = new Set(
  sources(new URL('../../src/diagnosis/', import.meta.url)).flatMap((u) =>
    [...readFileSync(u, 'utf8').matchAll(new RegExp(`'(${ID})'`, 'g'))].map((m) => m[1]!),
  ),
);
const catalogue = readFileSync(new URL('../../docs/diagnosis-rules.md', import.meta.url), 'utf8');
const inCatalogue = new Set([...catalogue.matchAll(new RegExp(`^\\| \`(${ID})\` \\|`, 'gm'))].map((m) => m[1]!));

describe('rule id catalogue (docs/diagnosis-rules.md)', () => {
  it('finds the rule ids on both sides', () => {
    expect(inCode.size).toBeGreaterThan(40);
    expect(inCode).toContain('ER-HEALTHY');
    expect(inCode).toContain('LAT-NOT-INTERLEAVED');
  });

  it('lists every rule id the code can produce', () => {
    expect([...inCode].filter((id) => !inCatalogue.has(id)).sort()).toEqual([]);
  });

  it('lists no rule id the code does not have', () => {
    expect([...inCatalogue].filter((id) => !inCode.has(id)).sort()).toEqual([]);
  });
});
