import { describe, expect, it } from 'vitest';
import { errorResult, newResult } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { displayWidth, formatTime, shorten } from '../../src/render/format.ts';
import { renderText, truncateText } from '../../src/render/text.ts';

const en = translator('en');
const ja = translator('ja');

describe('plain text', () => {
  it('shows header, notes, verdicts in the order diagnosis gave, aligned tables and follow-ups', () => {
    const r = newResult('circuits', {
      request: 'circuits tokyo',
      generatedAt: '2025-03-01T14:05:09Z',
      simulated: true,
      notes: ['Assumed nothing'],
      verdicts: [
        { ruleId: 'B', severity: 'critical', title: 'Down', detail: 'BGP is down', evidence: ['state Idle'], nextSteps: ['Call the provider', 'Check the VLAN'], scope: 'AzurePrivatePeering/primary' },
        { ruleId: 'A', severity: 'ok', title: 'Fine', detail: '', evidence: [], nextSteps: [] },
      ],
      tables: [{ title: 'Circuits', columns: ['Name', 'State'], rows: [['tokyo-er', 'Enabled'], ['東京回線', 'Two\nlines']] }],
      followUps: [{ title: 'BGP status', command: 'bgp status tokyo-er' }],
    });
    expect(renderText(r, en)).toBe(
      [
        'circuits · 2025-03-01 14:05 UTC  [SIMULATED DATA]',
        '> circuits tokyo',
        'Note: Assumed nothing',
        '',
        '[CRITICAL] Down (AzurePrivatePeering/primary)',
        '  BGP is down',
        '  Evidence:',
        '    - state Idle',
        '  Next steps:',
        '    1. Call the provider',
        '    2. Check the VLAN',
        '',
        '[OK] Fine',
        '',
        '## Circuits',
        'Name      State',
        '--------  -----------',
        'tokyo-er  Enabled',
        '東京回線  Two / lines',
        '',
        'Next:',
        '  - BGP status: bgp status tokyo-er',
      ].join('\n'),
    );
  });

  it('shows errors with permission, suggestions and whether retrying helps, in Japanese too', () => {
    const r = errorResult('arp table', { code: 'forbidden', message: 'denied', missingPermission: 'Microsoft.Network/x/action', suggestions: ['a'], retryable: false }, { generatedAt: '2025-03-01T14:05:09Z' });
    expect(renderText(r, en)).toContain('Error (forbidden): denied\n  Missing permission: Microsoft.Network/x/action\n  Did you mean: a\n  Retrying will not help until the cause is fixed.');
    expect(renderText(r, ja)).toContain('エラー (forbidden): denied\n  不足している権限: Microsoft.Network/x/action');
  });

  it('truncates at a line boundary with a marker', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const cut = truncateText(text, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('\n…')).toBe(true);
    expect(cut.split('\n').slice(0, -1).every((l) => /^line \d+$/.test(l))).toBe(true);
    expect(truncateText('short', 100)).toBe('short');
  });

  it('format helpers', () => {
    expect(formatTime('2025-03-01T14:05:59.999Z')).toBe('2025-03-01 14:05 UTC');
    expect(formatTime('not a date')).toBe('not a date');
    expect(shorten('abcdef', 4)).toBe('abc…');
    expect(shorten('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(displayWidth('東京ab')).toBe(6);
  });
});
