/** TLS, a caller that goes away mid-job, and closing the agent. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { emulatorCertificate } from '../../src/emulator/cert.ts';
import { blackhole, call, startAgent, TOKEN } from './helpers.ts';

it('serves HTTPS with the configured key and certificate', async () => {
  const cert = await emulatorCertificate();
  const dir = mkdtempSync(join(tmpdir(), 'probe-tls-'));
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  writeFileSync(join(dir, 'cert.pem'), cert.certPem);
  const agent = await startAgent({ allow: ['10.0.0.0/8:443'], tls: { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') } });
  try {
    expect(agent.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(`${agent.url}/v1/health`, { ca: cert.caPem, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toMatch(/^200 \{"status":"ok"/);
  } finally {
    await agent.close();
  }
});

it('refuses to start with unreadable TLS files', async () => {
  await expect(startAgent({ allow: ['10.0.0.0/8:443'], tls: { key: '/nonexistent/key.pem', cert: '/nonexistent/cert.pem' } })).rejects.toThrow(
    /cannot read the TLS key or certificate/,
  );
});

it('stops the job and frees the slot when the caller goes away', async () => {
  const hole = await blackhole();
  const agent = await startAgent({ allow: [`127.0.0.1/32:${hole.port}`], limits: { maxConcurrent: 1 } });
  try {
    const req = httpRequest(`${agent.url}/v1/probes/tcp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    });
    req.on('error', () => {});
    // 10 x 1 s timeouts: would hold the slot for 10 s.
    req.end(JSON.stringify({ target: `127.0.0.1:${hole.port}`, count: 10, warmup: 0, intervalMs: 0, timeoutMs: 1000 }));
    const busy = async () => (await call(agent, '/v1/health')).body.busy as number;
    for (let i = 0; i < 200 && (await busy()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await busy()).toBe(1);
    req.destroy();
    let n = 1;
    for (let i = 0; i < 200 && n !== 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      n = await busy();
    }
    expect(n).toBe(0);
  } finally {
    await agent.close();
    await hole.close();
  }
});
