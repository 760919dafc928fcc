/**
 * The Adaptive Card templates in cards/, bound with adaptivecards-templating.
 *
 * What the templating library does with `${...}` inside data (read in its source, template-engine.ts, and
 * pinned by test/render/injection.test.ts): only the template is parsed, once, in `new Template()`. Values
 * taken from `$root` are inserted as they are and never parsed again, so a circuit called "${1+1}" or a
 * note containing "${$root}" or card JSON comes out verbatim. Its sharp edges are elsewhere, and the view
 * models avoid them: a missing or undefined field renders as the literal text "${field}", a null inside a
 * string like "a ${x} b" throws, and `$data` bound to a missing array renders the element once. So every
 * value the templates read is always present and never null (view-model.ts builds them that way).
 */
import { createRequire } from 'node:module';
// The engine module directly: the package's index .d.ts imports adaptivecards' TypeScript *sources*
// (adaptivecards/src/schema), which our strict compiler would then type-check and reject.
import type * as ACDataModule from 'adaptivecards-templating/lib/template-engine.js';
import errorTemplate from '../../cards/error.json' with { type: 'json' };
import resultTemplate from '../../cards/result.json' with { type: 'json' };
import workingTemplate from '../../cards/working.json' with { type: 'json' };
import { visibleCard } from './visible.ts';

export type CardJson = Record<string, unknown>;

export type TemplateName = 'result' | 'error' | 'working';

/**
 * The templating engine (adaptive-expressions, antlr4ts, lodash: about 0.16 s to load) is loaded at the first
 * card, not when the bot starts: nothing before /readyz needs it (BENCHMARKS.md, "Start-up"). It is CommonJS,
 * so require() loads it synchronously and expandCard stays synchronous.
 */
let engine: { templates: Record<TemplateName, ACDataModule.Template>; row: ACDataModule.Template } | undefined;
function loaded(): NonNullable<typeof engine> {
  if (!engine) {
    const ACData = createRequire(import.meta.url)('adaptivecards-templating/lib/template-engine.js') as typeof ACDataModule;
    engine = {
      templates: {
        result: new ACData.Template(resultTemplate),
        error: new ACData.Template(errorTemplate),
        working: new ACData.Template(workingTemplate),
      },
      row: new ACData.Template(rowTemplateJson),
    };
  }
  return engine;
}

/** Drops card-level `actions` when no button survived, so the card has no empty collection. */
function tidy(card: CardJson): CardJson {
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  return card;
}

/**
 * Every text of the card with its bidi controls and zero-width characters shown as escapes (visible.ts), whatever
 * path it took into the view: the view models escape as they go (so that widths and sizes are measured on what is
 * shown), and this pass makes sure no text of any card escapes it. Buttons' `data` is left exact.
 */
export function expandCard(name: TemplateName, data: object): CardJson {
  return tidy(visibleCard(loaded().templates[name].expand({ $root: data }) as CardJson));
}

function findNode(node: unknown, accept: (o: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = findNode(item, accept);
      if (hit) return hit;
    }
  } else if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    if (accept(o)) return o;
    for (const v of Object.values(o)) {
      const hit = findNode(v, accept);
      if (hit) return hit;
    }
  }
  return undefined;
}

// The table row of result.json on its own: the budget measures rows with exactly the JSON the card will hold.
const rowNode = findNode(resultTemplate, (o) => o.type === 'TableRow' && o.$data === '${rows}');
if (!rowNode) throw new Error('cards/result.json: no TableRow bound to ${rows}');
const { $data: _unused, ...rowTemplateJson } = rowNode;

/** One table row as the card will contain it (for size measurement). */
export function expandRow(row: object): unknown {
  return visibleCard(loaded().row.expand({ $root: row }));
}
