/**
 * restify's createServer and jsonBodyParser, loaded from their own modules instead of `import 'restify'`: the
 * package's index also loads every other plugin it ships (the authorization parser with http-signature and
 * sshpk, multipart with formidable, the audit logger, static files, throttling…), about 0.13 s of the bot's
 * start-up for code it never runs (BENCHMARKS.md, "Start-up"). createServer does what restify's own
 * (lib/index.js) does with the options we pass: a pino logger named after the server, a Router, a Server.
 * restify 12 has no "exports" map, so these paths are public to require(). The HTTP behaviour (body limits,
 * content types, malformed requests) stays pinned by test/security/hostile-http.test.ts and test/teams/.
 */
import { createRequire } from 'node:module';
import type { RequestHandler, Server, ServerOptions } from 'restify';
import type restify from 'restify';

/** require() as restify's own index sees it (pino resolved from restify's folder, wherever npm put it). */
const restifyRequire = createRequire(createRequire(import.meta.url).resolve('restify'));

export function createServer(options: ServerOptions & { name: string }): Server {
  const pino = restifyRequire('pino') as (o: { name: string }) => unknown;
  const Router = restifyRequire('./router') as new (o: object) => unknown;
  const RestifyServer = restifyRequire('./server') as new (o: object) => Server;
  const opts: Record<string, unknown> = { ...options };
  opts.log ??= pino({ name: options.name });
  opts.router ??= new Router(opts);
  return new RestifyServer(opts);
}

export function jsonBodyParser(options: restify.plugins.JsonBodyParserOptions & { maxBodySize?: number }): RequestHandler[] {
  return (restifyRequire('./plugins/jsonBodyParser') as typeof restify.plugins.jsonBodyParser)(options);
}
