/**
 * The emulator's TLS identity. The SDK refuses bearer tokens over plain http, so the emulator speaks HTTPS
 * with a throw-away CA and a server certificate it signs (SAN 127.0.0.1, ::1, localhost). Clients trust the
 * CA: `tlsOptions: { ca }` in-process, NODE_EXTRA_CA_CERTS or `curl --cacert` from outside.
 * EC keys: generating them takes milliseconds, RSA-2048 takes noticeably longer per test file.
 */
import { generate } from 'selfsigned';

export interface EmulatorCertificate {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let cached: Promise<EmulatorCertificate> | undefined;

async function create(): Promise<EmulatorCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'NetOps ARM emulator local CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}

/** One CA per process: emulators started by the same test process share it. */
export function emulatorCertificate(): Promise<EmulatorCertificate> {
  cached ??= create().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
