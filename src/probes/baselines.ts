/**
 * Latency baselines that survive restarts. `BaselineStore` is what the commands use; this file holds the
 * embedded implementation (one instance), src/state/azure/baselines.ts the shared one (a blob per baseline).
 *
 * The embedded store keeps one JSON file per baseline, `<dataDir>/baselines/<name>.json`
 * (the name lower-cased: names are case-insensitive). Written atomically: the JSON goes to a temporary file in
 * the same directory, is flushed to disk, then renamed over the final name (replace) or hard-linked to it
 * (no replace: the link fails if the name exists, so two concurrent saves cannot both win), so a reader sees
 * the old file or the new one, never half of one. Names are `[A-Za-z0-9._-]{1,64}` starting with a letter or
 * digit: no path separators, no "..", no hidden files.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PRIVATE_DIR, PRIVATE_FILE } from '../state/private-files.ts';

export const BASELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidBaselineName(name: string): boolean {
  return BASELINE_NAME.test(name);
}

export const baselineSchema = z.object({
  version: z.literal(1),
  name: z.string().regex(BASELINE_NAME),
  target: z.string().min(1),
  agent: z.object({ name: z.string(), site: z.string().optional(), version: z.string().optional() }),
  savedAt: z.string(),
  savedBy: z.string().optional(),
  /** Pacing of the measurement, reused when comparing. */
  count: z.number().int().positive(),
  warmup: z.number().int().nonnegative(),
  intervalMs: z.number().int().nonnegative(),
  timeoutMs: z.number().int().positive(),
  /** Latency samples in µs, in measured order (failed probes and retransmits not included). */
  samplesUs: z.array(z.number().nonnegative()),
  sent: z.number().int().nonnegative(),
  lost: z.number().int().nonnegative(),
  retransmits: z.number().int().nonnegative(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type Baseline = z.infer<typeof baselineSchema>;

export type BaselineErrorKind = 'invalid-name' | 'exists' | 'corrupt' | 'io';

export class BaselineError extends Error {
  override name = 'BaselineError';
  readonly kind: BaselineErrorKind;
  readonly baseline: string;
  /** 'exists': when the existing one was saved. */
  readonly existingSavedAt?: string;

  constructor(kind: BaselineErrorKind, baseline: string, existingSavedAt?: string) {
    super(`baseline ${baseline}: ${kind}`);
    this.kind = kind;
    this.baseline = baseline;
    if (existingSavedAt !== undefined) this.existingSavedAt = existingSavedAt;
  }
}

export interface BaselineListing {
  name: string;
  target: string;
  agent: string;
  savedAt: string;
  n: number;
}

export interface BaselineStore {
  /** Saves a baseline; refuses to overwrite unless `replace` (of two concurrent saves, one wins). Returns the one it replaced, if any. */
  save(baseline: Baseline, options?: { replace?: boolean }): Promise<{ replaced?: Baseline }>;
  /** The baseline, or undefined when there is none by that name. Throws 'corrupt' for an unreadable one. */
  load(name: string): Promise<Baseline | undefined>;
  /** Every readable baseline, newest first (unreadable ones are left out). */
  list(): Promise<BaselineListing[]>;
}

/** A stored baseline's text, checked: BaselineError 'corrupt' when it is not one. */
export function parseBaseline(name: string, text: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BaselineError('corrupt', name);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) throw new BaselineError('corrupt', name);
  return parsed.data;
}

export function listingOf(b: Baseline): BaselineListing {
  return { name: b.name, target: b.target, agent: b.agent.name, savedAt: b.savedAt, n: b.samplesUs.length };
}

export const newestFirst = (a: BaselineListing, b: BaselineListing) => b.savedAt.localeCompare(a.savedAt);

const isCode = (e: unknown, code: string) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;

export class FileBaselineStore implements BaselineStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = resolve(dataDir, 'baselines');
  }

  #file(name: string): string {
    if (!isValidBaselineName(name)) throw new BaselineError('invalid-name', name);
    return join(this.dir, `${name.toLowerCase()}.json`);
  }

  /** Saves a baseline; refuses to overwrite unless `replace`. Returns the one it replaced, if any. */
  async save(baseline: Baseline, options: { replace?: boolean } = {}): Promise<{ replaced?: Baseline }> {
    const file = this.#file(baseline.name);
    const checked = baselineSchema.parse(baseline);
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR });
    const previous = await this.load(baseline.name).catch(() => undefined);
    if (previous && !options.replace) throw new BaselineError('exists', baseline.name, previous.savedAt);
    const tmp = join(this.dir, `.${baseline.name.toLowerCase()}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const fh = await open(tmp, 'wx', PRIVATE_FILE);
      try {
        await fh.writeFile(`${JSON.stringify(checked, null, 1)}\n`, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      if (options.replace) await rename(tmp, file);
      else {
        try {
          await link(tmp, file);
        } catch (e) {
          if (isCode(e, 'EEXIST')) {
            const other = await this.load(baseline.name).catch(() => undefined);
            throw new BaselineError('exists', baseline.name, other?.savedAt);
          }
          throw e;
        }
        await unlink(tmp).catch(() => undefined);
      }
      await syncDir(this.dir);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      if (e instanceof BaselineError) throw e;
      throw new BaselineError('io', baseline.name);
    }
    return previous && options.replace ? { replaced: previous } : {};
  }

  /** The baseline, or undefined when there is none by that name. Throws 'corrupt' for an unreadable file. */
  async load(name: string): Promise<Baseline | undefined> {
    const file = this.#file(name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (isCode(e, 'ENOENT')) return undefined;
      throw new BaselineError('io', name);
    }
    return parseBaseline(name, text);
  }

  /** Every readable baseline, newest first (unreadable files are left out). */
  async list(): Promise<BaselineListing[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    } catch (e) {
      if (isCode(e, 'ENOENT')) return [];
      throw new BaselineError('io', '*');
    }
    const out: BaselineListing[] = [];
    for (const f of files) {
      const name = f.slice(0, -'.json'.length);
      if (!isValidBaselineName(name)) continue;
      const b = await this.load(name).catch(() => undefined);
      if (b) out.push(listingOf(b));
    }
    return out.sort(newestFirst);
  }
}

/** fsync the directory so the rename itself is durable (best effort: not every platform allows it). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open a directory; the rename is still atomic there.
  }
}
