/**
 * The local playground (local mode only: no MicrosoftAppId): a small chat page at /playground that posts
 * real Bot Framework activities to /api/messages, plus the minimal Bot Connector it names as serviceUrl.
 * No build step: the page is plain HTML/CSS/JS read from this folder, the card renderer is the `adaptivecards`
 * browser bundle from node_modules, and it renders with the Teams light host config from schemas/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import type { Services } from '../../commands/types.ts';
import { PlaygroundConnector } from './connector.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's schemas/ folder: the Teams host config there is the upstream one (see schemas/README.md). */
const schemasDir = join(here, '..', '..', '..', 'schemas');

interface Asset {
  type: string;
  body: Buffer;
}

function loadAssets(): Record<string, Asset> {
  const vendorDir = join(dirname(createRequire(import.meta.url).resolve('adaptivecards/package.json')), 'dist');
  const file = (p: string, type: string): Asset => ({ type, body: readFileSync(p) });
  return {
    '/playground': file(join(here, 'index.html'), 'text/html; charset=utf-8'),
    '/playground/app.js': file(join(here, 'app.js'), 'text/javascript; charset=utf-8'),
    '/playground/app.css': file(join(here, 'app.css'), 'text/css; charset=utf-8'),
    '/playground/hostconfig.json': file(join(schemasDir, 'hostconfig-teams-light.json'), 'application/json; charset=utf-8'),
    '/playground/vendor/adaptivecards.min.js': file(join(vendorDir, 'adaptivecards.min.js'), 'text/javascript; charset=utf-8'),
  };
}

// Cards carry inline styles (the renderer sets them), so styles need 'unsafe-inline'; scripts never do.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface Playground {
  connector: PlaygroundConnector;
  close(): void;
}

export function registerPlayground(server: Server, options: { services: Services }): Playground {
  const assets = loadAssets();
  const connector = new PlaygroundConnector();

  const sendAsset = (path: string) => (_req: Request, res: Response, next: (err?: unknown) => void) => {
    const a = assets[path]!;
    res.writeHead(200, {
      'Content-Type': a.type,
      'Content-Length': a.body.length,
      'Cache-Control': path.includes('/vendor/') ? 'public, max-age=86400' : 'no-cache',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(a.body);
    next(false);
  };
  for (const path of Object.keys(assets)) server.get(path, sendAsset(path));
  server.get('/playground/', (_req: Request, res: Response, next: (err?: unknown) => void) => {
    res.redirect(301, '/playground', next);
  });

  server.get('/playground/info', (_req: Request, res: Response, next: (err?: unknown) => void) => {
    const { services } = options;
    res.send(200, {
      simulated: services.azure.simulated,
      azureMode: services.config.azure.mode,
      version: services.version,
    });
    next(false);
  });

  const base = '/playground/connector/v3/conversations/:conversationId/activities';
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const param = (req: Request, name: string): string => String((req.params as Record<string, string>)[name] ?? '');

  server.post(base, (req: Request, res: Response, next: (err?: unknown) => void) => {
    res.send(200, connector.create(param(req, 'conversationId'), body(req)));
    next(false);
  });
  server.post(`${base}/:activityId`, (req: Request, res: Response, next: (err?: unknown) => void) => {
    res.send(200, connector.create(param(req, 'conversationId'), body(req), param(req, 'activityId')));
    next(false);
  });
  server.put(`${base}/:activityId`, (req: Request, res: Response, next: (err?: unknown) => void) => {
    res.send(200, connector.update(param(req, 'conversationId'), param(req, 'activityId'), body(req)));
    next(false);
  });
  server.del(`${base}/:activityId`, (req: Request, res: Response, next: (err?: unknown) => void) => {
    connector.delete(param(req, 'conversationId'), param(req, 'activityId'));
    res.send(200, {});
    next(false);
  });

  // Arity 3 on purpose: restify treats two-argument handlers as async functions.
  server.get('/playground/events', (req: Request, res: Response, _next: (err?: unknown) => void) => {
    const conversation = new URL(req.url ?? '', 'http://x').searchParams.get('conversation');
    if (!conversation || conversation.length > 200) {
      res.send(400, { error: 'conversation query parameter required' });
      return;
    }
    // A long-lived response: restify's chain is not continued; the stream ends when either side closes.
    connector.subscribe(conversation, req, res);
  });

  return { connector, close: () => connector.close() };
}
