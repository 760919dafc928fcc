/**
 * Everything the bot sent out during one test file, for the suite-wide secret sweep (test/setup/secret-sweep.ts):
 * the fake connectors record every activity they receive, the captured logs every line and postActivity every
 * HTTP answer, here as well as in their own lists (which tests may reset). A test that shows a secret on purpose
 * (a confirmed `service key` in a 1:1 chat, a control case of the scanner) names that conversation with
 * allowSecretsIn().
 */
import { LOCAL_DEV_TOKEN } from '../../src/azure/credential.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';
import { SecretScanner, strings, worldSecrets, type SecretHit } from './secret-scan.ts';

export interface Emitted {
  where: string;
  text: unknown;
  conversationId?: string;
}

const emitted: Emitted[] = [];
const allowed = new Set<string>();

export function recordEmitted(e: Emitted): void {
  emitted.push(e);
}

/** This conversation may show a secret: the test put it there on purpose. */
export function allowSecretsIn(conversationId: string): void {
  allowed.add(conversationId);
}

let scanner: SecretScanner | undefined;

/** Hits for every secret of the demo world and the local ARM token in what was recorded; clears the record. */
export function sweepEmitted(): SecretHit[] {
  const items = emitted
    .splice(0)
    .filter((e) => e.conversationId === undefined || !allowed.has(e.conversationId))
    .flatMap((e) => [
      { where: e.where, text: e.text },
      { where: `${e.where} (strings)`, text: strings(e.text) },
    ]);
  if (items.length === 0) return [];
  scanner ??= new SecretScanner([...worldSecrets(loadDemoWorld()), { label: 'local ARM token (LOCAL_DEV_TOKEN)', value: LOCAL_DEV_TOKEN }]);
  return scanner.scanAll(items);
}
