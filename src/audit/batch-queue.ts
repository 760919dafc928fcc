/**
 * Items waiting for the next write. One write runs at a time and takes everything queued meanwhile: under
 * load, one write per batch, not per item (one append system call for the file trail, one transaction per
 * partition for the table trail), and writes never interleave. Each item's promise settles with its batch.
 */
export class BatchQueue<T> {
  private pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;

  private readonly write: (batch: readonly T[]) => Promise<void>;
  /** Called when a batch failed, before its items are rejected. */
  private readonly onFailure: (e: unknown) => void;

  constructor(write: (batch: readonly T[]) => Promise<void>, onFailure: (e: unknown) => void = () => undefined) {
    this.write = write;
    this.onFailure = onFailure;
  }

  push(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        await this.write(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (e) {
        this.onFailure(e);
        for (const b of batch) b.reject(e);
      }
    }
    this.flushing = undefined;
  }

  /** Resolves when everything pushed so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }
}
