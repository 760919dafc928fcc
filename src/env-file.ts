/** Loads `.env` from the working directory when present. Node's loader never overrides variables already set. */
import { existsSync } from 'node:fs';

export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
