/**
 * The audit trail: every command, including refused and failed ones. Storage sits behind `AuditStore`; the
 * embedded default appends JSON lines to `<dataDir>/audit/audit.jsonl` (one process). Several bot instances
 * share one table on Azure Storage behind the same interface (src/state/azure/audit.ts).
 */
import { appendFile, mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../state/private-files.ts';
import { BatchQueue } from './batch-queue.ts';
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
  /** 'failed': the command ran (or was refused) but its answer could not be delivered to the conversation. */
  delivery?: 'failed';
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  /** The newest `n` entries, newest first. */
  recent(n: number): Promise<AuditEntry[]>;
  /** Resolves when every entry appended so far is stored (shutdown waits for it before the process exits). */
  flush(): Promise<void>;
}

/** Whatever the caller passes, the stored request is redacted and bounded. */
export function auditEntry(e: AuditEntry): AuditEntry {
  return { ...e, request: redact(e.request).slice(0, 500), ...(e.userName ? { userName: e.userName.slice(0, 100) } : {}) };
}

export class JsonlAuditStore implements AuditStore {
  private readonly path: string;
  private readonly maxBytes: number;
  /** Lines waiting for the next write (rotation never races a write; see BatchQueue). */
  private readonly queue = new BatchQueue<string>(
    (lines) => this.write(lines),
    () => (this.size = undefined), // the directory or file may be gone: look again next time
  );
  /** The file's size as we last knew it (stat once, then counted); unknown after a failed write. */
  private size: number | undefined;

  constructor(dataDir: string, maxBytes = 20 * 1024 * 1024) {
    this.path = join(dataDir, 'audit', 'audit.jsonl');
    this.maxBytes = maxBytes;
  }

  append(entry: AuditEntry): Promise<void> {
    return this.queue.push(`${JSON.stringify(auditEntry(entry))}\n`);
  }

  /** Appends the lines, rotating between them where the file would pass its limit. */
  private async write(lines: readonly string[]): Promise<void> {
    if (this.size === undefined) {
      await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR });
      this.size = await stat(this.path).then((s) => s.size, () => 0);
    }
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (this.size + chunkBytes + bytes > this.maxBytes && this.size + chunkBytes > 0) {
        if (chunk) await this.appendChunk(chunk, chunkBytes);
        chunk = '';
        chunkBytes = 0;
        // One rotated file is kept: the trail is bounded on a small disk, and the last rotation is still readable.
        if (this.size > 0) await rename(this.path, `${this.path}.1`);
        this.size = 0;
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk) await this.appendChunk(chunk, chunkBytes);
  }

  private async appendChunk(text: string, bytes: number): Promise<void> {
    await appendFile(this.path, text, { encoding: 'utf8', mode: PRIVATE_FILE }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      // The directory went away under us (cleaned up by hand): make it again rather than lose the entries.
      await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR });
      this.size = 0;
      await appendFile(this.path, text, { encoding: 'utf8', mode: PRIVATE_FILE });
    });
    this.size = (this.size ?? 0) + bytes;
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  async recent(n: number): Promise<AuditEntry[]> {
    await this.flush();
    if (n <= 0) return []; // slice(-0) below would be every line
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
