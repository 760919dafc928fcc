/**
 * Runs after every test file (vitest setupFiles): every card, HTTP answer and log line the file's bot produced,
 * through the secret scanner (test/helpers/emitted.ts). The file fails on any hit, naming where it was, never
 * the secret. The dedicated cases are in test/security/secrets.test.ts.
 */
import { afterAll } from 'vitest';
import { sweepEmitted } from '../helpers/emitted.ts';
import { describeHits } from '../helpers/secret-scan.ts';

afterAll(() => {
  const hits = sweepEmitted();
  if (hits.length > 0) throw new Error(`secret sweep: ${hits.length} hit(s) in what this file's bot emitted:\n${describeHits(hits)}`);
});
