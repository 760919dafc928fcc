/**
 * Latency baselines on Azure Blob storage: one JSON blob per baseline, `<name lower-cased>.json`. A save that
 * must not replace is a create on the condition that no blob of that name exists (If-None-Match: *), so of
 * two concurrent saves exactly one wins. What `list` shows is kept in the blob's metadata: listing does not
 * download every baseline.
 */
import type { ContainerClient } from '@azure/storage-blob';
import {
  BaselineError,
  baselineSchema,
  isValidBaselineName,
  listingOf,
  newestFirst,
  parseBaseline,
  type Baseline,
  type BaselineListing,
  type BaselineStore,
} from '../../probes/baselines.ts';
import { statusOf } from './tables.ts';

const blobName = (name: string) => {
  if (!isValidBaselineName(name)) throw new BaselineError('invalid-name', name);
  return `${name.toLowerCase()}.json`;
};

/** Metadata values are HTTP header values: ASCII only, so each is percent-encoded. */
function metadataOf(b: Baseline): Record<string, string> {
  const l = listingOf(b);
  const plain = { name: l.name, target: l.target, agent: l.agent, savedat: l.savedAt, n: String(l.n) };
  return Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, encodeURIComponent(v)]));
}

function listingFromMetadata(m: Record<string, string> | undefined): BaselineListing | undefined {
  if (!m?.name || !m.target || !m.agent || !m.savedat || !m.n) return undefined;
  const d = (v: string) => decodeURIComponent(v);
  const n = Number(m.n);
  if (!Number.isInteger(n) || n < 0) return undefined;
  return { name: d(m.name), target: d(m.target), agent: d(m.agent), savedAt: d(m.savedat), n };
}

export class BlobBaselineStore implements BaselineStore {
  private readonly container: ContainerClient;

  constructor(container: ContainerClient) {
    this.container = container;
  }

  async save(baseline: Baseline, options: { replace?: boolean } = {}): Promise<{ replaced?: Baseline }> {
    const blob = this.container.getBlockBlobClient(blobName(baseline.name));
    const checked = baselineSchema.parse(baseline);
    const previous = await this.load(baseline.name).catch(() => undefined);
    if (previous && !options.replace) throw new BaselineError('exists', baseline.name, previous.savedAt);
    const body = `${JSON.stringify(checked, null, 1)}\n`;
    try {
      await blob.upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        metadata: metadataOf(checked),
        ...(options.replace ? {} : { conditions: { ifNoneMatch: '*' } }),
      });
    } catch (e) {
      if (!options.replace && (statusOf(e) === 409 || statusOf(e) === 412)) {
        const other = await this.load(baseline.name).catch(() => undefined);
        throw new BaselineError('exists', baseline.name, other?.savedAt);
      }
      throw new BaselineError('io', baseline.name);
    }
    return previous && options.replace ? { replaced: previous } : {};
  }

  async load(name: string): Promise<Baseline | undefined> {
    const blob = this.container.getBlockBlobClient(blobName(name));
    let text: string;
    try {
      text = (await blob.downloadToBuffer()).toString('utf8');
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw new BaselineError('io', name);
    }
    return parseBaseline(name, text);
  }

  async list(): Promise<BaselineListing[]> {
    const out: BaselineListing[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ includeMetadata: true })) {
        if (!item.name.endsWith('.json')) continue;
        const name = item.name.slice(0, -'.json'.length);
        if (!isValidBaselineName(name)) continue;
        const listed = listingFromMetadata(item.metadata) ?? (await this.load(name).then((b) => (b ? listingOf(b) : undefined)).catch(() => undefined));
        if (listed) out.push(listed);
      }
    } catch (e) {
      if (statusOf(e) === 404) return [];
      throw new BaselineError('io', '*');
    }
    return out.sort(newestFirst);
  }
}
