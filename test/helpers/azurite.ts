/**
 * Azurite, the Azure Storage emulator from the npm registry, as a child process on free loopback ports with
 * its data in memory: the real Table and Blob protocols for the real @azure/data-tables and
 * @azure/storage-blob clients. One per test file (it starts in about a second).
 *
 * `startAzurite({ oauth: true })` starts it over HTTPS with `--oauth basic`: it then accepts bearer tokens as
 * Azure Storage does, checking their audience (https://storage.azure.com), issuer (an Entra STS prefix such as
 * https://sts.windows.net/<tenant>/), nbf, iat and exp, but not their signature. Its certificate is signed by
 * the project's throw-away local CA (src/emulator/cert.ts), whose PEM file a client trusts (NODE_EXTRA_CA_CERTS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorCertificate } from '../../src/emulator/cert.ts';

/** Azurite's documented development account (public, the same in every copy of Azurite). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  blobUrl: string;
  tableUrl: string;
  /** For NETOPS_STORAGE_CONNECTION_STRING. */
  connectionString: string;
  /** With `oauth: true`: the PEM file of the CA that signed Azurite's certificate (for NODE_EXTRA_CA_CERTS). */
  caPath?: string;
  /** Stops the emulator (and its data: it lives in memory). */
  close(): Promise<void>;
}

export interface AzuriteOptions {
  /** HTTPS with a certificate for 127.0.0.1/localhost, and bearer tokens checked (`--oauth basic`). */
  oauth?: boolean;
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  let tls: { dir: string; caPath: string; args: string[] } | undefined;
  if (options.oauth) {
    const cert = await emulatorCertificate();
    const dir = mkdtempSync(join(tmpdir(), 'netops-azurite-tls-'));
    const file = (name: string, pem: string) => {
      writeFileSync(join(dir, name), pem, { mode: 0o600 });
      return join(dir, name);
    };
    tls = {
      dir,
      caPath: file('ca.pem', cert.caPem),
      args: ['--oauth', 'basic', '--cert', file('cert.pem', cert.certPem), '--key', file('key.pem', cert.keyPem)],
    };
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableProductStyleUrl',
      '--blobHost', '127.0.0.1', '--blobPort', '0',
      '--queueHost', '127.0.0.1', '--queuePort', '0',
      '--tableHost', '127.0.0.1', '--tablePort', '0',
      ...(tls?.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const scheme = tls ? 'https' : 'http';
  const port = (service: string) => new RegExp(`Azurite ${service} service is successfully listening at ${scheme}://127\\.0\\.0\\.1:(\\d+)`).exec(out)?.[1];
  const deadline = Date.now() + 30_000;
  while (!(port('Blob') && port('Table'))) {
    if (child.exitCode !== null) {
      if (tls) rmSync(tls.dir, { recursive: true, force: true });
      throw new Error(`Azurite exited:\n${out}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      if (tls) rmSync(tls.dir, { recursive: true, force: true });
      throw new Error(`Azurite did not start in 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const blobUrl = `${scheme}://127.0.0.1:${port('Blob')}/${AZURITE_ACCOUNT}`;
  const tableUrl = `${scheme}://127.0.0.1:${port('Table')}/${AZURITE_ACCOUNT}`;
  return {
    blobUrl,
    tableUrl,
    ...(tls ? { caPath: tls.caPath } : {}),
    connectionString: `DefaultEndpointsProtocol=${scheme};AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobUrl};TableEndpoint=${tableUrl};`,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (tls) rmSync(tls.dir, { recursive: true, force: true });
    },
  };
}
