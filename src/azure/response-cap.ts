/**
 * A ceiling on how much of one ARM answer is read. The SDK's HTTP client reads every body whole into a string
 * before anything can look at it: a 50 MB list answer took the bot from 212 to 537 MB of memory and slowed
 * /healthz to 1.1 s for everyone. core-rest-pipeline has no size limit of its own, so this wraps its default
 * client: each answer is streamed (the pipeline's own `streamResponseStatusCodes` switch) and read up to
 * `maxBytes`, after decompression; past that the connection is dropped and the call fails with
 * RESPONSE_TOO_LARGE, which the error mapping turns into "Azure's answer was too large" (never a partial
 * body parsed as if it were whole). Under the limit the SDK gets `bodyAsText` exactly as before.
 */
import { createDefaultHttpClient, type HttpClient, type PipelineRequest, type PipelineResponse, RestError } from '@azure/core-rest-pipeline';

/** Default ceiling per answer: a full 10,000-route table is about 2 MB; lists come in pages far smaller. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export const RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE';

/** The limit a RESPONSE_TOO_LARGE error was raised at, carried on the error for the user's message. */
export const LIMIT_BYTES = Symbol('netopsResponseLimitBytes');

function tooLarge(request: PipelineRequest, response: PipelineResponse, maxBytes: number): RestError {
  const e = new RestError(`ARM's answer is larger than ${maxBytes} bytes; not read further`, {
    code: RESPONSE_TOO_LARGE,
    statusCode: response.status,
    request,
    // No body: the point is not to keep it.
    response: { headers: response.headers, request, status: response.status },
  });
  return Object.assign(e, { [LIMIT_BYTES]: maxBytes });
}

async function readCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?(): void }).destroy?.();
      return undefined;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, size);
}

export function cappedHttpClient(maxBytes: number, inner: HttpClient = createDefaultHttpClient()): HttpClient {
  return {
    async sendRequest(request) {
      // A caller that asked for a stream (none of our reads do) gets it untouched.
      if (request.streamResponseStatusCodes) return inner.sendRequest(request);
      request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
      let response: PipelineResponse;
      try {
        response = await inner.sendRequest(request);
      } finally {
        request.streamResponseStatusCodes = undefined;
      }
      const stream = response.readableStreamBody;
      response.readableStreamBody = undefined;
      if (!stream) return response;
      const length = Number(response.headers.get('content-length'));
      if (Number.isFinite(length) && length > maxBytes && response.headers.get('content-encoding') === undefined) {
        (stream as NodeJS.ReadableStream & { destroy?(): void }).destroy?.();
        throw tooLarge(request, response, maxBytes);
      }
      const body = await readCapped(stream, maxBytes);
      if (body === undefined) throw tooLarge(request, response, maxBytes);
      response.bodyAsText = body.toString('utf8');
      return response;
    },
  };
}
