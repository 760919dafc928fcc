/** Shared by the Network Watcher command tests: the real engine on the demo world, and short views of a Result. */
import type { Result } from '../../../src/commands/result.ts';
import { translator } from '../../../src/i18n/index.ts';
import { renderResultCard } from '../../../src/render/card.ts';
import { expectValidCard } from '../../helpers/card-checks.ts';
import { type Demo, startDemo } from '../../helpers/demo.ts';

export type { Demo };
export { startDemo };

export const PROD_SUB = '00000000-0000-4000-8000-000000000001';
export const WATCHER_ID = `/subscriptions/${PROD_SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_japaneast`;

export const rules = (r: Result) => r.verdicts.map((v) => v.ruleId);
export const commands = (r: Result) => r.followUps.map((f) => f.command);
export const rows = (r: Result, table = 0) => r.tables[table]?.rows ?? [];
/** Item/value facts of the first table as an object. */
export const facts = (r: Result) => Object.fromEntries(rows(r).map(([k, v]) => [k, v]));

/** The card Teams would get: valid Adaptive Card, within budget. */
export function card(r: Result, locale: 'en' | 'ja' = 'en'): unknown {
  const rendered = renderResultCard(r, translator(locale));
  expectValidCard(rendered.card as never);
  return rendered.card;
}

/** Forget cached Azure answers and faults between tests, so each test sees fresh reads. */
export function reset(demo: Demo): void {
  (demo.handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
  demo.emu.faults.clear();
  demo.emu.requests.reset();
}
