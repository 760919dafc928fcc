/**
 * Every user-facing string comes from diagnosis.json in both languages: run every rule over scenarios that
 * reach every branch, with English and Japanese, recording the keys used.
 */
import { describe, expect, it } from 'vitest';
import enCatalogue from '../../src/i18n/locales/en/diagnosis.json' with { type: 'json' };
import jaCatalogue from '../../src/i18n/locales/ja/diagnosis.json' with { type: 'json' };
import { diagnoseCircuit } from '../../src/diagnosis/expressroute.ts';
import { diagnoseFastPath } from '../../src/diagnosis/fastpath.ts';
import { diagnoseGateway } from '../../src/diagnosis/gateway.ts';
import type { CircuitObservation, FastPathObservation, GatewayObservation } from '../../src/diagnosis/observations.ts';
import type { Verdict } from '../../src/diagnosis/verdict.ts';
import { hasKey, translator, type Locale, type Translate } from '../../src/i18n/index.ts';
import {
  circuit,
  connection,
  fail,
  fastPathObs,
  gateway,
  gatewayObs,
  microsoft,
  microsoftPeering,
  neighbor,
  obs,
  ok,
  onPrem,
  ownRoute,
  peer,
  routesOf,
  stats,
  summaryOf,
} from './fixtures.ts';

const msObs = (o: CircuitObservation): CircuitObservation => ({ ...o, circuit: circuit({ ...o.circuit, peerings: [microsoftPeering()] }), peeringName: 'MicrosoftPeering' });
const dflt = { network: '0.0.0.0/0', nextHop: '192.168.10.1', path: '65010' };

const circuitScenarios: [string, CircuitObservation][] = [
  ['healthy', obs({ stats: ok(stats()), primary: { routes: ok(routesOf('primary')) } })],
  ['healthy one path', obs({ secondary: null })],
  ['not provisioned', obs({ circuit: { serviceProviderProvisioningState: 'NotProvisioned' } })],
  ['provisioning', obs({ circuit: { serviceProviderProvisioningState: 'Provisioning' } })],
  ['deprovisioning direct', obs({ circuit: { serviceProviderProvisioningState: 'Deprovisioning', isDirect: true } })],
  ['circuit disabled', obs({ circuit: { circuitProvisioningState: 'Disabled' } })],
  ['peering missing', { ...obs(), peeringName: 'MicrosoftPeering' }],
  ['no peerings', obs({ circuit: { peerings: [] } })],
  ['peering disabled', obs({ peering: { state: 'Disabled' } })],
  ['asn azure', obs({ peering: { peerASN: 65515 } })],
  ['asn microsoft', obs({ peering: { peerASN: 12076, sharedKeySet: false } })],
  ['asn iana', obs({ peering: { peerASN: 23456 } })],
  ['customer asn', msObs(obs({ secondary: null }))],
  ['arp empty', obs({ secondary: { arp: ok([]), summary: ok(summaryOf('secondary', 'Idle', '00:12:01')) } })],
  ['onprem missing', obs({ primary: { arp: ok([microsoft('192.168.10.2')]), summary: ok(summaryOf('primary', 'Idle')) } })],
  ['onprem incomplete', obs({ secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('192.168.10.5', 'Incomplete')]) } })],
  ['onprem missing no subnet', obs({ peering: { primaryPeerAddressPrefix: undefined }, primary: { arp: ok([microsoft('192.168.10.2')]) } })],
  [
    'swapped',
    obs({
      primary: { arp: ok([microsoft('192.168.10.2'), onPrem('192.168.10.5')]), summary: ok(summaryOf('primary', 'Active')) },
      secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('192.168.10.1')]), summary: ok(summaryOf('secondary', 'Active')) },
    }),
  ],
  ['conflict', obs({ primary: { arp: ok([onPrem('192.168.10.2')]) } })],
  ['unexpected', obs({ primary: { arp: ok([onPrem('10.9.9.9')]) } })],
  ['bgp down arp ok', obs({ primary: { summary: ok(summaryOf('primary', 'Idle')) }, secondary: { summary: ok(summaryOf('secondary', 'Active')) } })],
  ['bgp down arp ok, md5 none', obs({ peering: { sharedKeySet: false }, primary: { summary: ok(summaryOf('primary', 'Idle')) } })],
  ['bgp down arp unread', obs({ primary: { arp: undefined, summary: ok(summaryOf('primary', 'Connect')) } })],
  ['bgp no neighbor', obs({ primary: { summary: ok([]) } })],
  ['bgp pfxct', obs({ primary: { summary: ok(summaryOf('primary', 'Idle (PfxCt)')) } })],
  ['no prefixes', obs({ primary: { summary: ok(summaryOf('primary', '0')) } })],
  ['no prefixes microsoft', msObs(obs({ primary: { summary: ok(summaryOf('primary', '0')) }, secondary: null }))],
  ['prefix near', obs({ primary: { summary: ok(summaryOf('primary', '3300')) } })],
  ['prefix reached', obs({ circuit: { skuTier: 'Premium' }, secondary: { summary: ok(summaryOf('secondary', '10000')) } })],
  ['recent flap', obs({ primary: { summary: ok(summaryOf('primary', '42', '00:09:35')) } })],
  ['redundancy via arp', obs({ primary: { summary: undefined, arp: ok([]) } })],
  ['redundancy multi-neighbor', obs({ secondary: { summary: ok([neighbor('192.168.10.5', '42'), neighbor('2001:db8::5', 'Active')]) } })],
  ['asymmetry', obs({ secondary: { summary: ok(summaryOf('secondary', '1')) }, primary: { summary: ok(summaryOf('primary', '1')) } })],
  ['asymmetry 2', obs({ secondary: { summary: ok(summaryOf('secondary', '40')) } })],
  ['default route', obs({ primary: { routes: ok([dflt]) }, secondary: { routes: ok([{ ...dflt, nextHop: '192.168.10.5' }]) } })],
  ['no traffic', obs({ stats: ok(stats({ primaryBytesIn: 0, primaryBytesOut: 0 })) })],
  [
    'values missing',
    obs({
      primary: { summary: ok([{ neighbor: '192.168.10.1', as: 65010 }]), arp: ok([microsoft('192.168.10.2'), { ipAddress: '192.168.10.1' }]) },
      secondary: { summary: ok(summaryOf('secondary', '42', '')) },
      stats: ok({ primaryBytesIn: 5 }),
    }),
  ],
  ['forbidden with permission', obs({ secondary: { arp: fail('forbidden', 'denied', 'Microsoft.Network/expressRouteCircuits/peerings/arpTables/action') } })],
  ['read failures', obs({ primary: { arp: fail('forbidden', 'denied'), summary: fail('throttled', ''), routes: fail('timeout') }, secondary: { routes: fail('weird', 'x') }, stats: fail('not-found', 'gone') })],
];

const fastPathScenarios: [string, FastPathObservation][] = [
  ['available', fastPathObs()],
  ['available no connection', fastPathObs({ connections: [] })],
  ['enabled', fastPathObs({ connections: [connection({ expressRouteGatewayBypass: true, enablePrivateLinkFastPath: true })], circuit: undefined })],
  ['ineligible', fastPathObs({ gateway: gateway({ skuName: 'Standard' }) })],
  ['ineligible no connection', fastPathObs({ gateway: gateway({ skuName: 'Standard' }), connections: [] })],
  ['scale', fastPathObs({ gateway: gateway({ skuName: 'ErGwScale', scaleUnits: { min: 2, max: 4 } }) })],
  ['no effect', fastPathObs({ gateway: gateway({ skuName: 'ErGw1AZ' }), connections: [connection({ expressRouteGatewayBypass: true })] })],
  ['limited', fastPathObs({ connections: [connection({ expressRouteGatewayBypass: true })], topology: { vnetPeering: true, udr: true, privateLink: true, ipv6: true } })],
  [
    'limited direct',
    fastPathObs({ circuit: circuit({ isDirect: true, bandwidthMbps: 100_000 }), connections: [connection({ expressRouteGatewayBypass: true })], topology: { privateLink: true } }),
  ],
];

const gatewayScenarios: [string, GatewayObservation][] = [
  ['healthy', gatewayObs()],
  ['healthy, routes unread', gatewayObs({ learnedRoutes: undefined })],
  ['one down', gatewayObs({ peers: ok([peer('10.0.255.12'), peer('10.0.255.13', 'Connecting', 0)]), learnedRoutes: ok([ownRoute]) })],
  ['all down', gatewayObs({ peers: ok([peer('a', 'Idle'), peer('b', 'Idle')]) })],
  ['none', gatewayObs({ peers: ok([]) })],
  ['failed', gatewayObs({ peers: fail('forbidden', 'denied'), learnedRoutes: fail('timeout') })],
];

const ALL_RULES = [
  'ER-PROVIDER-NOT-PROVISIONED', 'ER-CIRCUIT-DISABLED', 'ER-PEERING-MISSING', 'ER-PEERING-DISABLED', 'ER-ASN-RESERVED',
  'ER-ARP-EMPTY', 'ER-ARP-ONPREM-MISSING', 'ER-ARP-UNEXPECTED-IP', 'ER-BGP-DOWN', 'ER-BGP-NO-PREFIXES', 'ER-BGP-PREFIX-LIMIT',
  'ER-BGP-RECENT-FLAP', 'ER-PATH-REDUNDANCY', 'ER-PATH-ASYMMETRY', 'ER-DEFAULT-ROUTE-LEARNED', 'ER-NO-TRAFFIC', 'ER-HEALTHY',
  'ER-VALUES-MISSING',
  'ER-PATH-READ-FAILED', 'FP-ENABLED', 'FP-AVAILABLE', 'FP-SKU-INELIGIBLE', 'FP-LIMITED',
  'GW-BGP-PEER-DOWN', 'GW-NO-LEARNED-ROUTES', 'GW-READ-FAILED', 'GW-HEALTHY',
];

function recording(locale: Locale): { t: Translate; keys: Set<string> } {
  const base = translator(locale);
  const keys = new Set<string>();
  return {
    keys,
    t: (key, vars) => {
      keys.add(key);
      return base(key, vars);
    },
  };
}

function runAll(t: Translate): Verdict[] {
  return [
    ...circuitScenarios.flatMap(([, o]) => diagnoseCircuit(o, t, {})),
    ...circuitScenarios.flatMap(([, o]) => diagnoseCircuit(o, t, { testVm: 'vm-test' })),
    ...fastPathScenarios.flatMap(([, o]) => diagnoseFastPath(o, t)),
    ...gatewayScenarios.flatMap(([, o]) => diagnoseGateway(o, t)),
  ];
}

function strings(v: Verdict): string[] {
  return [v.title, v.detail, ...v.evidence, ...v.nextSteps, ...(v.followUps ?? []).map((f) => f.title)];
}

function leafKeys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('diagnosis i18n', () => {
  for (const locale of ['en', 'ja'] as const) {
    describe(locale, () => {
      const { t, keys } = recording(locale);
      const verdicts = runAll(t);

      it('the scenarios reach every rule id', () => {
        expect(new Set(verdicts.map((v) => v.ruleId))).toEqual(new Set(ALL_RULES));
      });
      it('no output is a raw key, holds "{{" or a namespace, or is empty', () => {
        const keyish = new Set([...keys].flatMap((k) => [k, k.replace(/^diagnosis:/, '')]));
        for (const v of verdicts) {
          for (const s of strings(v)) {
            expect(s, `${v.ruleId}: ${s}`).not.toBe('');
            expect(keyish.has(s), `${v.ruleId}: ${s}`).toBe(false);
            expect(s, v.ruleId).not.toContain('{{');
            expect(s, v.ruleId).not.toContain('diagnosis:');
            expect(s, v.ruleId).not.toContain('undefined');
          }
        }
      });
      it('every key used exists in both catalogues', () => {
        for (const key of keys) {
          for (const l of ['en', 'ja'] as const) {
            const found = hasKey(key, l) || hasKey(`${key}_other`, l);
            expect(found, `${key} missing in ${l}`).toBe(true);
          }
        }
      });
      it('titles are phone-short', () => {
        const max = locale === 'en' ? 60 : 40;
        for (const v of verdicts) expect(v.title.length, v.title).toBeLessThanOrEqual(max);
      });
      it('Japanese output is Japanese', () => {
        if (locale !== 'ja') return;
        for (const v of verdicts) expect(v.detail, v.ruleId).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      });
    });
  }

  it('the English and Japanese catalogues have the same keys (plural forms aside)', () => {
    const norm = (keys: string[]) => new Set(keys.map((k) => k.replace(/_(one|other)$/, '')));
    expect(norm(leafKeys(jaCatalogue))).toEqual(norm(leafKeys(enCatalogue)));
  });

  it('follow-up commands are never localized', () => {
    const en = runAll(translator('en')).flatMap((v) => (v.followUps ?? []).map((f) => f.command));
    const ja = runAll(translator('ja')).flatMap((v) => (v.followUps ?? []).map((f) => f.command));
    expect(ja).toEqual(en);
    for (const c of en) expect(c).toMatch(/^[\x20-\x7e]+$/);
  });
});
