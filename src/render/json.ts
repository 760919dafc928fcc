/** Result -> JSON for `netops run --json`: the Result model exactly as commands return it (a contract). */
import type { Result } from '../commands/result.ts';
import { visibleJson } from './visible.ts';

/**
 * Bidi controls and zero-width characters are written as JSON escapes ("tokyo\u202ere-ter"): JSON.stringify leaves
 * them raw, and a terminal honours them as a card would. Once parsed, every string is exactly what the command
 * returned (a script gets the name as Azure has it), so the contract holds.
 */
export function renderJson(result: Result): string {
  return visibleJson(JSON.stringify(result, null, 2));
}
