/**
 * Structured logs: one JSON object per line. The host logs one line per command (who, where, what, outcome,
 * how long, acknowledged or not) and one per delivery problem. Never log secrets, tokens or stack traces of
 * user-facing errors into cards; stacks may go to the log as `stack` on `error` lines only.
 */
export interface Logger {
  info(obj: Record<string, unknown>): void;
  warn(obj: Record<string, unknown>): void;
  error(obj: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** JSON lines on a stream (stdout by default). */
export function jsonLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const at = (lvl: 'info' | 'warn' | 'error') => (obj: Record<string, unknown>) => {
    if (RANK[lvl] < RANK[level]) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, ...obj });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: String(obj['msg'] ?? 'unserializable log entry') });
    }
    write(line + '\n');
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A short, safe description of an error for logs: name, message, HTTP status when there is one. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const status = statusOf(err);
    return {
      errorName: err.name,
      errorMessage: redact(err.message).slice(0, 500),
      ...(status !== undefined ? { status } : {}),
      ...(err.stack ? { stack: redact(err.stack).split('\n').slice(0, 8).join('\n') } : {}),
    };
  }
  return { errorMessage: redact(String(err)).slice(0, 500) };
}

export function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const v of [e.statusCode, e.status, e.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

/** Bearer tokens and obvious secrets never reach a log line. */
export function redact(text: string): string {
  return text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/("?(?:password|secret|client_secret|access_token|authorization)"?\s*[:=]\s*)("[^"]*"|[^\s,&]+)/gi, '$1[redacted]');
}
