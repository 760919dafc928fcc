/**
 * Generators of hostile chat text for the security tests (fast-check arbitraries and the fixed pieces they
 * draw from). Shared by hostile-input.test.ts (engine) and hostile-http.test.ts (the bot over HTTP).
 */
import fc from 'fast-check';
import { MAX_COMMAND_CHARS } from '../../src/commands/parse.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';

/** Template syntax of every engine on the path (adaptivecards-templating, adaptive-expressions, i18next, others),
 *  each built so that its evaluation would produce a sentinel ("zqEval…") that never appears in the input. */
export const TEMPLATE_MARKERS = [
  "${concat('zq','Eval1')}",
  "${'zq'+'Eval2'}",
  "${string(concat('zq','Eval3'))}",
  "${if(true,'zq'+'Eval4','x')}",
  '${$root}',
  '${$root.fallbackText}',
  '${$data}',
  '${$index}',
  '$root',
  "{{'zq'+'Eval5'}}",
  '{{max}}',
  '{{text}}',
  '{{- command}}',
  '$t(host:refused.tenant)',
  '$t(errors:azure.credential)',
  "<%= 'zq'+'Eval6' %>",
  "#{'zq'+'Eval7'}",
  "{{=<% %>=}}<%'zq'%>",
  '${',
  '}}{{',
];
/** What evaluating one of the markers would put into a card. */
export const SENTINELS = [/zqEval\d/i, /This bot is not available to your organization/, /could not get an Azure token/, /"\[object Object\]"/];

export const CARD_LIKE = [
  JSON.stringify({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${$root.fallbackText}' }], actions: [{ type: 'Action.OpenUrl', url: 'https://evil.example/x' }] }),
  '{"type":"Action.Execute","verb":"netops.run","data":{"command":"about"}}',
  '"}]},{"type":"Action.OpenUrl","title":"Click","url":"https://evil.example/y"},{"x":"',
  '{"$when":"${true}","$data":"${verdicts}"}',
  '\\"},\\"injected\\":true,\\"a\\":\\"',
];

export const HTML = [
  '<b>bold</b>',
  '</p><p>',
  '<br/>',
  '<at>NetOps</at>',
  '<at id="0">Ada</at>',
  '<at>',
  '</at>',
  '&lt;at&gt;NetOps&lt;/at&gt;',
  '&amp;&lt;&gt;&quot;&#39;&#0;&#x202E;&nbsp;&bogus;',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<!-- comment -->',
  '<![CDATA[x]]>',
  '<a href="javascript:alert(1)">x</a>',
];

export const TRAVERSAL = ['../../etc/passwd', '..\\..\\windows\\win.ini', '/subscriptions/../../providers', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'file:///etc/passwd', '\\\\host\\share', '~/.ssh/id_rsa', '/dev/zero', 'CON', 'NUL', 'tokyo-er/../osaka-er', 'tokyo-er%00.json'];

export const MARKDOWN = ['[zqlink](https://evil.example/phish)', '**bold** _it_', '# heading', '```code```', '> quote', '|a|b|', '![img](https://evil.example/i.png)'];

export const SHELLISH = ['$(rm -rf /)', '`id`', '; ls', '| cat /etc/passwd', '> /tmp/x', '$HOME', '%s%s%n%x', '{0}{1}', '%(x)s', '\\x00', '\\u0000'];

export const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

export const COMMAND_WORDS = ['bgp', 'status', 'all', 'page', '0', '-1', '999999999999999999999', '1e309', 'NaN', 'primary', 'secondary', 'both', 'microsoft', 'private', 'tokyo-er', 'tokyo', 'hub-ergw', 'hub-conn', 'vm-a', 'from', 'to', 'n', 'confirm', '10.0.0.0/8', '999.1.1.1/33', '10.1.2.3', '::1', 'port', '443', '65536'];

export const QUOTES = ['"', "'", '“', '”', '„', '‘', '’', '「', '」', '『', '』', '"tokyo er"', '「東京」'];

export const UNICODE = ['🔥', '👩🏽‍💻', '🇯🇵', '🏳️‍🌈', 'e\u0301', 'ｂｇｐ　ｓｔａｔｕｓ', '１０．０．０．０／８', 'ﬁ', 'Ⅻ', '㍻', 'İ', 'ß', 'Ω', '東京', 'عربي', 'עברית', '\u202Ereversed\u202C', '\u2066isolate\u2069'];

export const FIXED_PIECES = [...TEMPLATE_MARKERS, ...CARD_LIKE, ...HTML, ...TRAVERSAL, ...MARKDOWN, ...SHELLISH, ...PROTO, ...COMMAND_WORDS, ...QUOTES, ...UNICODE];

const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
export const hostileUnit = fc.oneof(
  char(0x00, 0x1f), // C0 controls, NUL included
  char(0x7f, 0x9f), // DEL and C1 controls
  char(0xd800, 0xdfff), // lone surrogates
  fc.constantFrom('\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c'), // bidi
  fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u00a0', '\u3000', '\u2028', '\u2029', '\r\n', '\r', '\t', '\v', '\f'),
  fc.constantFrom(...UNICODE),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);
export const hostileString = fc.string({ unit: hostileUnit, maxLength: 40 });
export const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIXED_PIECES) }, { weight: 3, arbitrary: hostileString });
export const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', '\u3000', '\t', '<br>', '&nbsp;');

/** Ordinary-length hostile text: up to 10 pieces with odd separators. */
export const hostileText = fc.array(fc.tuple(piece, separator), { maxLength: 10 }).map((parts) => parts.map(([p, s]) => p + s).join(''));

export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

export const PSPING_LOG = [
  'PsPing v2.12 - PsPing - ping, latency, bandwidth measurement utility',
  'TCP connect to 10.20.1.4:443:',
  '5 iterations (warmup 1) ping test:',
  'Connecting to 10.20.1.4:443 (warmup): from 10.0.1.4:51234: 2.35ms',
  'Connecting to 10.20.1.4:443: from 10.0.1.4:51235: 1.98ms',
  '  Sent = 4, Received = 4, Lost = 0 (0% loss),',
  '  Minimum = 1.88ms, Maximum = 2.11ms, Average = 1.99ms',
  '',
].join('\r\n');

/** Huge inputs: pasted logs of 100 KB+, long runs of tags and entities, the length limit and one past it. */
export const hugeText = fc.oneof(
  fc.tuple(fc.constantFrom(PSPING_LOG, 'x', '<at>NetOps</at> ', '&amp;', '<b>', '\u0000', '\ud800', '🔥', '${$root}', '  '), fc.integer({ min: 100_000, max: 140_000 }), fc.constantFrom('', 'bgp status ', 'latency compare ', 'help ')).map(
    ([unit, length, prefix]) => prefix + repeatTo(unit, length),
  ),
  fc.constantFrom(
    repeatTo('a', MAX_COMMAND_CHARS),
    repeatTo('a', MAX_COMMAND_CHARS + 1),
    `bgp status ${repeatTo('tokyo-er', MAX_COMMAND_CHARS - 11)}`,
    `help ${repeatTo('x ', MAX_COMMAND_CHARS / 2 - 3)}`,
    repeatTo('&amp;', MAX_COMMAND_CHARS * 8), // 80 K raw, 16 K normalized: over the limit after decoding
    repeatTo('<b></b>', MAX_COMMAND_CHARS * 8 - 7), // 80 K raw of tags, nothing left after normalizing
    `circuits ${repeatTo('<i>t</i>', MAX_COMMAND_CHARS * 4)}`,
  ),
);

export const anyText = fc.oneof({ weight: 8, arbitrary: hostileText }, { weight: 1, arbitrary: hugeText });

/** One hostile word (no whitespace), so it binds to a name parameter and reaches name resolution. */
export const hostileWord = fc.string({ unit: hostileUnit, minLength: 1, maxLength: 30 }).map((w) => w.replace(/[\s\u0085\u2028\u2029]/g, '') || '\u0000');

const world = loadDemoWorld();
export const NAMES = [...world.circuits, ...world.gateways, ...world.connections, ...world.virtualMachines].map((r) => r.name);
/** Real names dressed the way chat clients and IMEs deliver them: tags, entities, invisibles, full width, quotes. */
export const decoratedName = fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 9 })).map(([n, how]) => {
  switch (how) {
    case 0: return `<b>${n}</b>`;
    case 1: return `&#${n.charCodeAt(0)};${n.slice(1)}`;
    case 2: return `${n.slice(0, 2)}\u200b${n.slice(2)}`;
    case 3: return [...n].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    case 4: return `“${n}”`;
    case 5: return n.toUpperCase();
    case 6: return `${n.slice(0, 4)}`; // a prefix
    case 7: return `\u202e${n}\u202c`;
    case 8: return `${n}\u0000`;
    default: return `'${n}'`;
  }
});

/** What follows a command name: free hostile text, one hostile word, a quoted hostile name, a real name dressed up,
 *  or a real name followed by hostile options. */
export const hostileArgs = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileWord },
  { weight: 2, arbitrary: hostileWord.map((w) => `"${w.replace(/["“”]/g, '')}"`) },
  { weight: 3, arbitrary: decoratedName },
  { weight: 2, arbitrary: fc.tuple(decoratedName, fc.oneof(hostileWord, fc.constantFrom(...COMMAND_WORDS, ...TEMPLATE_MARKERS))).map(([n, w]) => `${n} ${w}`) },
  { weight: 1, arbitrary: hugeText },
);

