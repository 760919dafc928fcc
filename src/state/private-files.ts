/**
 * The embedded state's files hold who ran what and where (the audit trail) and measurements of private
 * networks (baselines): readable by the bot's user only. Modes are set explicitly rather than left to the
 * process's umask (a umask of 000 gave 777 directories), and what an earlier version or a hand left open is
 * put right at start.
 */
import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

export interface ModeFix {
  path: string;
  from: string;
  to: string;
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/**
 * Makes the data directory and the state directories and files in it private: directories 700, files 600.
 * Returns what it changed (for a log line each). What does not exist yet is left for the stores to create.
 */
export async function securePrivateFiles(dataDir: string, subdirs: readonly string[] = ['audit', 'baselines']): Promise<ModeFix[]> {
  const fixes: ModeFix[] = [];
  const fix = async (path: string, want: number) => {
    const s = await stat(path).catch(() => undefined);
    if (!s || (s.mode & 0o777) === want) return;
    await chmod(path, want);
    fixes.push({ path, from: octal(s.mode), to: octal(want) });
  };
  await fix(dataDir, PRIVATE_DIR);
  for (const sub of subdirs) {
    const dir = join(dataDir, sub);
    await fix(dir, PRIVATE_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(dir, name);
      const s = await stat(path).catch(() => undefined);
      if (s?.isFile()) await fix(path, PRIVATE_FILE);
    }
  }
  return fixes;
}
