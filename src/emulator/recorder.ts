/**
 * Every ARM request the emulator answered, with a short stable operation name, so benchmarks and tests
 * can count ARM calls per bot command. Bounded, so a long-running demo does not grow without limit.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** 0 when the socket was dropped without an answer. */
  status: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  operation: string;
}

export interface RequestFilter {
  method?: string;
  operation?: string;
  pathIncludes?: string;
}

const MAX_RECORDS = 50_000;

export class RequestRecorder {
  #records: RecordedRequest[] = [];

  /** Keeps `r` itself: the server fills in its status when the answer goes out. */
  add(r: RecordedRequest): void {
    this.#records.push(r);
    if (this.#records.length > MAX_RECORDS) this.#records.splice(0, this.#records.length - MAX_RECORDS);
  }

  list(): RecordedRequest[] {
    return this.#records.map((r) => ({ ...r }));
  }

  count(filter: RequestFilter = {}): number {
    const method = filter.method?.toUpperCase();
    const op = filter.operation?.toLowerCase();
    const inc = filter.pathIncludes?.toLowerCase();
    return this.#records.filter(
      (r) =>
        (method === undefined || r.method === method) &&
        (op === undefined || r.operation.toLowerCase() === op) &&
        (inc === undefined || r.path.toLowerCase().includes(inc)),
    ).length;
  }

  reset(): void {
    this.#records = [];
  }
}
