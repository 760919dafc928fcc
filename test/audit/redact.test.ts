import { describe, expect, it } from 'vitest';
import { redact } from '../../src/audit/redact.ts';

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'abc.def-ghi'],
    ['token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'eyJhbGciOiJSUzI1NiJ9'],
    ['https://acct.blob.core.windows.net/c/f.pcap?sv=2024&sig=AbC%2Bdef%3D&se=2026', 'AbC%2Bdef%3D'],
    ['password=hunter2 and key: Md5-Demo-Secret-tokyo', 'hunter2'],
    ['service key tokyo-er confirm Xy7_Qp3rT9aB', 'Xy7_Qp3rT9aB'],
    ['paste 3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA== here', '3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('removes the secret from %j', (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted');
  });

  it('leaves ordinary commands alone', () => {
    for (const text of ['bgp status tokyo-er', 'routes tokyo-er secondary 10.20.0.0/16 page 2', 'check vm-hub-test 192.168.10.1:179', 'arp table primary']) {
      expect(redact(text)).toBe(text);
    }
  });
});
