/** What a handler answers; server.ts turns it into an HTTP response. */
export interface Reply {
  status: number;
  /** JSON body; absent = empty body (ARM's 202s). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (an LRO in the sync style that never finishes); the socket stays open until the client gives up. */
  hang?: boolean;
}

export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}
