/**
 * The emulator's certificates, DER-encoded by src/emulator/cert.ts with node:crypto alone: read back by
 * node:crypto's X509Certificate (an OpenSSL parse), and used for a real TLS handshake that verifies the chain
 * and the host name as the Azure SDK does.
 */
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { emulatorCertificate } from '../../src/emulator/cert.ts';

describe('emulator certificate', () => {
  it('is a CA and a server certificate it signed, for localhost, 127.0.0.1 and ::1, valid now', async () => {
    const { caPem, certPem, keyPem } = await emulatorCertificate();
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(ca.subject).toBe('CN=NetOps ARM emulator local CA');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.issuer).toBe(ca.subject);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkPrivateKey((await import('node:crypto')).createPrivateKey(keyPem))).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // extended key usage: serverAuth
    const now = Date.now();
    expect(Date.parse(leaf.validFrom)).toBeLessThanOrEqual(now);
    expect(Date.parse(leaf.validTo)).toBeGreaterThan(now + 7 * 24 * 3600_000);
    expect(leaf.serialNumber).not.toBe(ca.serialNumber);
  });

  it('serves HTTPS that a client trusting only the CA accepts, on 127.0.0.1 and as localhost', async () => {
    const { caPem, certPem, keyPem } = await emulatorCertificate();
    const server = createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const get = (host: string, servername?: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ host, port, path: '/', ca: caPem, ...(servername ? { servername } : {}), rejectUnauthorized: true }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get('127.0.0.1')).toBe('ok');
      expect(await get('127.0.0.1', 'localhost')).toBe('ok');
      // Not trusted without the CA: the handshake fails.
      await expect(
        new Promise((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: true }, resolve);
          req.on('error', reject);
          req.end();
        }),
      ).rejects.toThrow(/certificate/i);
    } finally {
      server.close();
    }
  });
});
