/** Result -> JSON for `netops run --json`: the Result model exactly as commands return it (a contract). */
import type { Result } from '../commands/result.ts';

export function renderJson(result: Result): string {
  return JSON.stringify(result, null, 2);
}
