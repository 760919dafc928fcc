/**
 * The audit trail: every command, including refused and failed ones. Storage sits behind `AuditStore`; the
 * embedded default appends JSON lines to `<dataDir>/audit/audit.jsonl` (one process). Several bot instances
 * need one shared store behind the same interface (see README, "Security").
 */
import { appendFile, mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { redact } from './redact.ts';

export interface AuditEntry {
  time: string;
  userId: string;
  userName?: string;
  aadObjectId?: string;
  tenantId?: string;
  conversationId: string;
  /** Where it came from: message, submit, invoke, cli. */
  source: string;
  command: string;
  /** The command text, secrets removed. */
  request: string;
  /** ok, or the error code (tenant-not-allowed, needs-operator, not-found, throttled…). */
  outcome: string;
  durationMs: number;
  role?: string;
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  /** The newest `n` entries, newest first. */
  recent(n: number): Promise<AuditEntry[]>;
}

/** Whatever the caller passes, the stored request is redacted and bounded. */
export function auditEntry(e: AuditEntry): AuditEntry {
  return { ...e, request: redact(e.request).slice(0, 500), ...(e.userName ? { userName: e.userName.slice(0, 100) } : {}) };
}

export class JsonlAuditStore implements AuditStore {
  private readonly path: string;
  private readonly maxBytes: number;
  /** Appends are serialized so lines never interleave and rotation never races a write. */
  private queue: Promise<void> = Promise.resolve();

  constructor(dataDir: string, maxBytes = 20 * 1024 * 1024) {
    this.path = join(dataDir, 'audit', 'audit.jsonl');
    this.maxBytes = maxBytes;
  }

  append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(auditEntry(entry))}\n`;
    const write = async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const size = await stat(this.path).then((s) => s.size, () => 0);
      // One rotated file is kept: the trail is bounded on a small disk, and the last rotation is still readable.
      if (size + line.length > this.maxBytes && size > 0) await rename(this.path, `${this.path}.1`);
      await appendFile(this.path, line, { encoding: 'utf8', mode: 0o600 });
    };
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => {});
    return next;
  }

  async recent(n: number): Promise<AuditEntry[]> {
    await this.queue;
    const lines = await tailLines(this.path, n);
    return lines
      .map((l) => {
        try {
          return JSON.parse(l) as AuditEntry;
        } catch {
          return undefined; // a torn last line after a crash
        }
      })
      .filter((e): e is AuditEntry => e !== undefined)
      .reverse();
  }
}

/** The last `n` lines of a file, reading backwards in blocks (the trail can be large). */
async function tailLines(path: string, n: number): Promise<string[]> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return [];
  try {
    const { size } = await file.stat();
    let position = size;
    let text = '';
    while (position > 0 && text.split('\n').filter(Boolean).length <= n) {
      const length = Math.min(64 * 1024, position);
      position -= length;
      const { buffer } = await file.read(Buffer.alloc(length), 0, length, position);
      text = buffer.toString('utf8') + text;
    }
    return text.split('\n').filter(Boolean).slice(-n);
  } finally {
    await file.close();
  }
}
