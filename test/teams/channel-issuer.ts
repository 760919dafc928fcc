/**
 * A local Bot Framework channel issuer for the inbound-authentication tests: an OpenID metadata endpoint and a
 * JWKS publishing one test signing key (kid "test-key", endorsed for msteams), and tokens minted here. The bot
 * is pointed at it with ToBotFromChannelOpenIdMetadataUrl, so botbuilder's own JWT validation checks every
 * token inside the real CloudAdapter, offline.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const CHANNEL_SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TokenClaims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  /** jose's relative time, e.g. '1h'; '-1h' for a token that expired an hour ago. */
  expiresIn?: string;
  /** Signs with this key instead of the published one. */
  key?: PrivateKey;
  kid?: string;
}

export interface ChannelIssuer {
  /** Give the bot this as ToBotFromChannelOpenIdMetadataUrl. */
  metadataUrl: string;
  /** A key the issuer does not publish (a forged signature). */
  strangerKey: PrivateKey;
  /** A token for appId signed by the published key, unless the claims say otherwise. */
  token(claims?: TokenClaims): Promise<string>;
  close(): Promise<void>;
}

/** onRequest runs inside the metadata server's handler, for each request the bot makes to it (metadata, keys). */
export async function startChannelIssuer(appId: string, onRequest?: (path: string) => void): Promise<ChannelIssuer> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
  let base = '';
  const server: Server = createServer((req, res) => {
    onRequest?.(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/keys') {
      res.end(JSON.stringify({ keys: [{ ...jwk, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    strangerKey,
    token: (c: TokenClaims = {}) =>
      new SignJWT({ serviceurl: c.serviceurl ?? CHANNEL_SERVICE_URL })
        .setProtectedHeader({ alg: 'RS256', kid: c.kid ?? 'test-key', typ: 'JWT' })
        .setIssuer(c.iss ?? CHANNEL_ISSUER)
        .setAudience(c.aud ?? appId)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setNotBefore(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(c.expiresIn ?? '1h')
        .sign(c.key ?? pair.privateKey),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
