/**
 * The emulator's TLS identity. The SDK refuses bearer tokens over plain http, so the emulator speaks HTTPS
 * with a throw-away CA and a server certificate it signs (SAN 127.0.0.1, ::1, localhost). Clients trust the
 * CA: `tlsOptions: { ca }` in-process, NODE_EXTRA_CA_CERTS or `curl --cacert` from outside.
 *
 * Built with node:crypto alone: EC P-256 keys (milliseconds to generate) and the two X.509 v3 certificates
 * DER-encoded here (RFC 5280: version, serial, ecdsa-with-SHA256, names, validity, key, extensions). A
 * certificate library (selfsigned and its @peculiar/asn1 stack) took about 0.3 s of the bot's start-up to load
 * (BENCHMARKS.md, "Start-up"); test/emulator/cert.test.ts checks the result with node:crypto's X509Certificate.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isIPv4 } from 'node:net';

export interface EmulatorCertificate {
  caPem: string;
  certPem: string;
  keyPem: string;
}

// ---------------------------------------------------------------------------------------------- DER encoding

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const bitString = (b: Buffer, unusedBits = 0) => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), b]));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));

/** A non-negative INTEGER from big-endian bytes (a leading 0 when the top bit is set). */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
  if (b[0]! >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const bytes = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5), to the second. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const name = (commonName: string) => seq(set(seq(oid(OID.commonName), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
const extension = (id: string, value: Buffer, critical = false) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
const ECDSA_SHA256 = seq(oid(OID.ecdsaWithSha256));

/** KeyUsage bits (RFC 5280 4.2.1.3), as a DER BIT STRING with the unused trailing bits counted. */
function keyUsage(bits: number[]): Buffer {
  let byte = 0;
  for (const bit of bits) byte |= 0x80 >> bit;
  let unused = 0;
  while (unused < 8 && !(byte & (1 << unused))) unused++;
  return bitString(Buffer.from([byte]), unused);
}
const KU = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

/** The subjectPublicKeyInfo, and the key identifier: SHA-1 of the public key's bits (RFC 5280 4.2.1.2, method 1). */
function publicKeyInfo(key: KeyObject): { spki: Buffer; keyId: Buffer } {
  const spki = key.export({ type: 'spki', format: 'der' });
  // SPKI = SEQUENCE { AlgorithmIdentifier, BIT STRING }: for P-256 the BIT STRING is the last 66 bytes
  // (03 42 00 + the 65-byte uncompressed point).
  const point = spki.subarray(spki.length - 65);
  return { spki, keyId: createHash('sha1').update(point).digest() };
}

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  issuerKeyId: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function certificate(spec: CertSpec): { der: Buffer; keyId: Buffer } {
  const { spki, keyId } = publicKeyInfo(spec.publicKey);
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, and 16 bytes long
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ECDSA_SHA256,
    name(spec.issuer),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spki,
    explicit(
      3,
      seq(
        ...spec.extensions,
        extension(OID.subjectKeyIdentifier, octets(keyId)),
        extension(OID.authorityKeyIdentifier, seq(tlv(0x80, spec.issuerKeyId))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, spec.signingKey); // DER ECDSA-Sig-Value
  return { der: seq(tbs, ECDSA_SHA256, bitString(signature)), keyId };
}

function pem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** SubjectAltName of DNS names and IP addresses. */
function altNames(names: readonly string[]): Buffer {
  return seq(
    ...names.map((n) => {
      if (isIPv4(n)) return tlv(0x87, Buffer.from(n.split('.').map(Number)));
      if (n === '::1') return tlv(0x87, Buffer.from([...new Array<number>(15).fill(0), 1]));
      return tlv(0x82, Buffer.from(n, 'ascii'));
    }),
  );
}

function create(): EmulatorCertificate {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 30 * 24 * 3600_000);
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leafKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = 'NetOps ARM emulator local CA';
  const caKeyId = publicKeyInfo(caKeys.publicKey).keyId;
  const ca = certificate({
    subject: caName,
    issuer: caName,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    issuerKeyId: caKeyId,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, seq(bool(true)), true),
      extension(OID.keyUsage, keyUsage([KU.keyCertSign, KU.cRLSign, KU.digitalSignature]), true),
    ],
  });
  const leaf = certificate({
    subject: 'localhost',
    issuer: caName,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    issuerKeyId: ca.keyId,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, seq()),
      extension(OID.keyUsage, keyUsage([KU.digitalSignature, KU.keyEncipherment]), true),
      extension(OID.extKeyUsage, seq(oid(OID.serverAuth))),
      extension(OID.subjectAltName, altNames(['localhost', '127.0.0.1', '::1'])),
    ],
  });
  return {
    caPem: pem(ca.der),
    certPem: pem(leaf.der),
    keyPem: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

let cached: Promise<EmulatorCertificate> | undefined;

/** One CA per process: emulators started by the same test process share it. */
export function emulatorCertificate(): Promise<EmulatorCertificate> {
  cached ??= Promise.resolve()
    .then(create)
    .catch((e: unknown) => {
      cached = undefined;
      throw e;
    });
  return cached;
}
