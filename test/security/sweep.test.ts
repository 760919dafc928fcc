/** The suite-wide secret sweep itself (test/setup/secret-sweep.ts): it must find what it is there to find. */
import { describe, expect, it } from 'vitest';
import { LOCAL_DEV_TOKEN } from '../../src/azure/credential.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';
import { allowSecretsIn, recordEmitted, sweepEmitted } from '../helpers/emitted.ts';

describe('secret sweep', () => {
  const md5 = loadDemoWorld().circuits.find((c) => c.name === 'tokyo-er')!.peerings[0]!.sharedKey!;

  it('finds a world secret and the local ARM token in recorded cards and log lines, and forgets them after', () => {
    recordEmitted({ where: 'connector PUT x', text: { attachments: [{ content: { body: [{ text: `key ${md5}` }] } }] }, conversationId: 'c1' });
    recordEmitted({ where: 'log line', text: { msg: 'x', auth: `Bearer ${LOCAL_DEV_TOKEN}` } });
    const hits = sweepEmitted();
    expect(new Set(hits.map((h) => h.secret))).toEqual(new Set(['circuit tokyo-er peering AzurePrivatePeering sharedKey (MD5)', 'local ARM token (LOCAL_DEV_TOKEN)']));
    expect(JSON.stringify(hits)).not.toContain(md5);
    expect(sweepEmitted()).toEqual([]);
  });

  it('leaves out a conversation that shows a secret on purpose, and only that one', () => {
    allowSecretsIn('reveal');
    recordEmitted({ where: 'connector PUT reveal', text: `Service key ${md5}`, conversationId: 'reveal' });
    recordEmitted({ where: 'connector PUT other', text: `Service key ${md5}`, conversationId: 'other' });
    expect(sweepEmitted().map((h) => h.where)).toEqual(['connector PUT other', 'connector PUT other (strings)']);
  });
});
