/** Reads a bot's log file (one JSON object a line, as src/teams/log.ts writes them). */
import { readFileSync } from 'node:fs';

/** Warn and error lines by `level: msg`, plus lines that are not JSON objects; {} for a clean log. */
export function logWarnings(path: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{')) {
      if (line.trim()) bump('(non-JSON output)');
      continue;
    }
    try {
      const o = JSON.parse(line) as { level?: string; msg?: string };
      if (o.level === 'warn' || o.level === 'error') bump(`${o.level}: ${o.msg}`);
    } catch {
      bump('(unparsable line)');
    }
  }
  return counts;
}
