/**
 * Azurite, the Azure Storage emulator from the npm registry, as a child process on free loopback ports with
 * its data in memory: the real Table and Blob protocols for the real @azure/data-tables and
 * @azure/storage-blob clients. One per test file (it starts in about a second).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/** Azurite's documented development account (public, the same in every copy of Azurite). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  blobUrl: string;
  tableUrl: string;
  /** For NETOPS_STORAGE_CONNECTION_STRING. */
  connectionString: string;
  /** Stops the emulator (and its data: it lives in memory). */
  close(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
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
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = (service: string) => new RegExp(`Azurite ${service} service is successfully listening at http://127\\.0\\.0\\.1:(\\d+)`).exec(out)?.[1];
  const deadline = Date.now() + 30_000;
  while (!(port('Blob') && port('Table'))) {
    if (child.exitCode !== null) throw new Error(`Azurite exited:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Azurite did not start in 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const blobUrl = `http://127.0.0.1:${port('Blob')}/${AZURITE_ACCOUNT}`;
  const tableUrl = `http://127.0.0.1:${port('Table')}/${AZURITE_ACCOUNT}`;
  return {
    blobUrl,
    tableUrl,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobUrl};TableEndpoint=${tableUrl};`,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
