import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_CHARS, normalizeChatText, quoteIfNeeded, splitTokens, stripMentions, tokenize } from '../../src/commands/parse.ts';

const words = (text: string) => {
  const r = tokenize(text);
  if (!r.ok) throw new Error('unexpected too-long');
  return r.tokens.map((t) => t.text);
};

describe('tokenize: what Teams and phones do to text', () => {
  it('decodes HTML entities Teams inserts', () => {
    expect(words('bgp&nbsp;status&nbsp;tokyo&amp;er')).toEqual(['bgp', 'status', 'tokyo&er']);
    expect(words('routes &#39;tokyo er&#39;')).toEqual(['routes', 'tokyo er']);
    expect(words('note &lt;b&gt;bold&lt;/b&gt;')).toEqual(['note', '<b>bold</b>']);
  });

  it('drops <p>/<br> and other tags but keeps the words apart', () => {
    expect(words('<p>bgp status</p><p>tokyo-er</p>')).toEqual(['bgp', 'status', 'tokyo-er']);
    expect(words('arp<br>table<br/>tokyo-er')).toEqual(['arp', 'table', 'tokyo-er']);
    expect(words('<div><span>about</span></div>')).toEqual(['about']);
  });

  it('treats NBSP, zero-width and ideographic spaces (U+3000) as what they look like', () => {
    expect(words('bgp\u00A0status\u3000tokyo-er')).toEqual(['bgp', 'status', 'tokyo-er']);
    expect(words('b\u200Bgp\u200D status\uFEFF')).toEqual(['bgp', 'status']);
    expect(words('arp\u2009table\u202Ftokyo-er')).toEqual(['arp', 'table', 'tokyo-er']);
  });

  it('turns full-width letters, digits and slashes from Japanese IMEs into ASCII', () => {
    expect(words('ｂｇｐ　ｓｔａｔｕｓ　ｔｏｋｙｏ－ｅｒ')).toEqual(['bgp', 'status', 'tokyo-er']);
    expect(words('routes summary １０．２０．０．０／１６')).toEqual(['routes', 'summary', '10.20.0.0/16']);
  });

  it('honours straight, smart, full-width and Japanese quotes around names with spaces', () => {
    expect(words('bgp status "tokyo er"')).toEqual(['bgp', 'status', 'tokyo er']);
    expect(words('bgp status “tokyo er” primary')).toEqual(['bgp', 'status', 'tokyo er', 'primary']);
    expect(words('bgp status ”tokyo er”')).toEqual(['bgp', 'status', 'tokyo er']);
    expect(words("bgp status ‘osaka er’")).toEqual(['bgp', 'status', 'osaka er']);
    expect(words("bgp status 'osaka er'")).toEqual(['bgp', 'status', 'osaka er']);
    expect(words('bgp status ＂nagoya er＂')).toEqual(['bgp', 'status', 'nagoya er']);
    expect(words('bgp status 「東京 回線」')).toEqual(['bgp', 'status', '東京 回線']);
  });

  it('marks quoted tokens, keeps apostrophes inside words and runs an unclosed quote to the end', () => {
    const r = tokenize(`help "primary" don't o'brien "tokyo er`);
    expect(r.ok && r.tokens.map((t) => [t.text, t.quoted])).toEqual([
      ['help', false],
      ['primary', true],
      ["don't", false],
      ["o'brien", false],
      ['tokyo er', true],
    ]);
  });

  it('collapses extra whitespace and keeps offsets into the normalized text', () => {
    const r = tokenize('   psping   parse\n\n  TCP  connect  ');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tokens.map((t) => t.text)).toEqual(['psping', 'parse', 'TCP', 'connect']);
    expect(r.normalized.slice(r.tokens[2]!.start)).toBe('TCP  connect');
  });

  it('never expands shell syntax: $VAR, globs, pipes and backslashes arrive as typed', () => {
    expect(words('routes $HOME * | ; > a\\b')).toEqual(['routes', '$HOME', '*', '|', ';', '>', 'a\\b']);
  });

  it('lower-cases nothing', () => {
    expect(words('BGP Status Tokyo-ER')).toEqual(['BGP', 'Status', 'Tokyo-ER']);
  });

  it('refuses over-long input with its length and the limit', () => {
    const r = tokenize('a '.repeat(MAX_COMMAND_CHARS));
    expect(r).toEqual({ ok: false, reason: 'too-long', length: MAX_COMMAND_CHARS * 2 - 1, max: MAX_COMMAND_CHARS });
    expect(tokenize('x'.repeat(MAX_COMMAND_CHARS * 9)).ok).toBe(false);
    // Entities count once decoded: 2,000 &nbsp; are 2,000 spaces, not 12,000 characters.
    expect(tokenize(`about${'&nbsp;'.repeat(2000)}`).ok).toBe(true);
  });

  it('normalizes CRLF and trims', () => {
    expect(normalizeChatText('  a\r\nb\rc  ')).toBe('a\nb\nc');
  });
});

describe('stripMentions', () => {
  it('removes <at> mentions (the bot is addressed in channels) and leading space', () => {
    expect(stripMentions('<at>NetOps</at> bgp status tokyo-er')).toBe('bgp status tokyo-er');
    expect(stripMentions('<at id="0">NetOps Bot</at>&nbsp;arp table')).toBe('&nbsp;arp table');
    expect(tokenize(stripMentions('<at>NetOps</at>&nbsp;arp table')).ok).toBe(true);
  });

  it('with names, removes only those mentions and keeps other people as names', () => {
    expect(stripMentions('<at>NetOps</at> latency compare <at>Aiko</at>', ['netops'])).toBe('latency compare Aiko');
  });
});

describe('quoteIfNeeded', () => {
  it('quotes only what would otherwise split or read as quoted, and round-trips through the tokenizer', () => {
    expect(quoteIfNeeded('tokyo-er')).toBe('tokyo-er');
    for (const v of ['tokyo er', 'say "hi" now', '"quoted', "it's mine"]) {
      expect(splitTokens(quoteIfNeeded(v)).map((t) => t.text)).toEqual([v]);
    }
  });
});
