/**
 * Latency rules (docs/latency.md): the three-outcome verdict of a comparison (LAT-FASTER,
 * LAT-SLOWER, LAT-EQUIVALENT, LAT-INCONCLUSIVE), loss apart from latency (LAT-LOSS) and the caveat of
 * comparisons that are not interleaved (LAT-NOT-INTERLEAVED). One rule, one function; texts in `latency:`.
 * "Faster"/"slower" are about B relative to A (A: the first target, the first agent, the baseline, group 1).
 */
import type { Translate } from '../../i18n/index.ts';
import type { Verdict } from '../verdict.ts';
import { comparisonEvidence, formatMs, formatP, formatPercent, formatSignedMs, latencyVerdict, type LatencyObservation, type LatencySideObservation } from './latency-format.ts';

function interval(obs: LatencyObservation) {
  const c = obs.comparison!;
  return { lower: c.shift.lower!, upper: c.shift.upper! };
}

function outcomeVars(obs: LatencyObservation) {
  const c = obs.comparison!;
  const { lower, upper } = interval(obs);
  // Titles speak of magnitudes: "faster by 1.040 ms (0.910–1.200 ms)"; the evidence keeps the signs.
  const [lo, hi] = c.shift.estimate >= 0 ? [lower, upper] : [-upper, -lower];
  return {
    a: obs.a.label,
    b: obs.b!.label,
    shift: formatMs(Math.abs(c.shift.estimate)),
    lowerAbs: formatMs(lo),
    upperAbs: formatMs(hi),
    lower: formatSignedMs(lower),
    upper: formatSignedMs(upper),
    delta: formatMs(c.decision.delta),
  };
}

/** Next steps shared by decided outcomes: what a not-interleaved design still leaves open. */
function designSteps(obs: LatencyObservation, t: Translate): string[] {
  return obs.design === 'interleaved' ? [] : [t('latency:steps.designCaveat')];
}

/** LAT-FASTER: the whole interval of A − B lies above +δ: B is faster by more than δ. */
export function latFaster(obs: LatencyObservation, t: Translate): Verdict[] {
  if (!obs.b || obs.comparison?.decision.outcome !== 'faster') return [];
  return [
    latencyVerdict(t, 'LAT-FASTER', 'info', {
      vars: outcomeVars(obs),
      evidence: comparisonEvidence(obs, t),
      nextSteps: [t('latency:LAT-FASTER.steps.confirm'), ...designSteps(obs, t)],
    }),
  ];
}

/** LAT-SLOWER: the whole interval of A − B lies below −δ: B is slower by more than δ. */
export function latSlower(obs: LatencyObservation, t: Translate): Verdict[] {
  if (!obs.b || obs.comparison?.decision.outcome !== 'slower') return [];
  return [
    latencyVerdict(t, 'LAT-SLOWER', 'info', {
      vars: outcomeVars(obs),
      evidence: comparisonEvidence(obs, t),
      nextSteps: [t('latency:LAT-SLOWER.steps.path'), t('latency:LAT-SLOWER.steps.confirm'), ...designSteps(obs, t)],
    }),
  ];
}

/** LAT-EQUIVALENT: the whole interval lies within ±δ: any difference is too small to matter. */
export function latEquivalent(obs: LatencyObservation, t: Translate): Verdict[] {
  if (!obs.b || obs.comparison?.decision.outcome !== 'equivalent') return [];
  const c = obs.comparison;
  const significant = c.p < 0.05;
  return [
    latencyVerdict(t, 'LAT-EQUIVALENT', 'ok', {
      vars: outcomeVars(obs),
      detailKey: significant ? 'detailSignificant' : 'detail',
      evidence: comparisonEvidence(obs, t),
      nextSteps: [t('latency:LAT-EQUIVALENT.steps.elsewhere'), ...designSteps(obs, t)],
    }),
  ];
}

/**
 * LAT-INCONCLUSIVE: the interval crosses ±δ (or there is none yet), with the sample size per side that would
 * likely decide; or the samples are too few for the exact test to reach p ≤ 0.05 whatever the values (then how
 * many per side it needs at the least, and the recommended 20); or the interval clears ±δ but the test's p is
 * above 0.05; or one side has no latency sample at all.
 */
export function latInconclusive(obs: LatencyObservation, t: Translate): Verdict[] {
  const b = obs.b;
  if (!b) return [];
  const c = obs.comparison;
  if (!c) {
    const empty = [obs.a, b].filter((s) => !s.summary).map((s) => s.label);
    return [
      latencyVerdict(t, 'LAT-INCONCLUSIVE', 'warning', {
        vars: { a: obs.a.label, b: b.label, side: empty.join(t('latency:listSeparator')) },
        titleKey: 'titleNoSamples',
        detailKey: 'detailNoSamples',
        evidence: [t('latency:evidence.n', { a: obs.a.label, b: b.label, na: obs.a.summary?.n ?? 0, nb: b.summary?.n ?? 0 })],
        nextSteps: [t('latency:LAT-INCONCLUSIVE.steps.noSamples')],
      }),
    ];
  }
  const d = c.decision;
  if (d.outcome !== 'inconclusive') return [];
  const total = d.suggestedPerSide ?? 20;
  const now = Math.max(c.m, c.n);
  const more = Math.max(0, total - now);
  const max = obs.maxCount ?? 200;
  const hasInterval = c.shift.lower !== undefined && c.shift.upper !== undefined;
  const vars = {
    a: obs.a.label,
    b: b.label,
    more,
    total,
    na: c.m,
    nb: c.n,
    shift: formatSignedMs(c.shift.estimate),
    lower: hasInterval ? formatSignedMs(c.shift.lower!) : '',
    upper: hasInterval ? formatSignedMs(c.shift.upper!) : '',
    delta: formatMs(d.delta),
    max,
    p: formatP(c.p),
    minP: formatP(d.minP ?? c.p),
    minPerSide: d.minPerSide ?? '',
  };
  // Without an interval the extrapolating texts cannot apply: 'unreachable' (the usual reason) says why.
  const detailKey =
    d.basis === 'unreachable'
      ? 'detailUnreachable'
      : !hasInterval
        ? 'detailTooFew'
        : { test: 'detailTest', 'too-few': 'detailFew', 'near-threshold': 'detailCapped', spread: 'detailSpread', estimate: 'detail' }[d.basis ?? 'estimate'];
  const nextSteps: string[] = [];
  const followUps = [];
  if (obs.rerunWith) {
    const n = Math.min(total, max);
    const command = obs.rerunWith(n);
    nextSteps.push(total > max ? t('latency:LAT-INCONCLUSIVE.steps.rerunMax', { n, command, total }) : t('latency:LAT-INCONCLUSIVE.steps.rerun', { n, command }));
    followUps.push({ title: t('latency:follow.runWith', { n }), command });
  } else {
    nextSteps.push(t('latency:LAT-INCONCLUSIVE.steps.pasteMore', { more, total }));
  }
  nextSteps.push(...designSteps(obs, t));
  return [
    latencyVerdict(t, 'LAT-INCONCLUSIVE', 'warning', {
      vars,
      detailKey,
      evidence: comparisonEvidence(obs, t),
      nextSteps,
      followUps,
    }),
  ];
}

function lossVerdict(side: LatencySideObservation, obs: LatencyObservation, t: Translate): Verdict[] {
  const { lost, retransmits, sent } = side;
  if (lost === 0 && retransmits === 0) return [];
  const events = lost + retransmits;
  const all = sent > 0 && lost >= sent;
  // Warning, as the rule catalogue has it (docs/diagnosis-rules.md), however many failed: the title
  // and detail say how many, and an all-failed side also gets the "no samples" verdict.
  const severity = 'warning';
  const vars = { side: side.label, lost, sent, retransmits, pct: formatPercent(events, sent), lostPct: formatPercent(lost, sent) };
  const titleKey = all ? 'titleAll' : lost > 0 && retransmits > 0 ? 'titleBoth' : lost > 0 ? 'title' : 'titleRetransmits';
  const evidence: string[] = [];
  if (lost > 0) evidence.push(t('latency:LAT-LOSS.evidence.failed', vars));
  if (retransmits > 0) evidence.push(t('latency:LAT-LOSS.evidence.retransmits', vars));
  if (side.summary) evidence.push(t('latency:LAT-LOSS.evidence.kept', { n: side.summary.n, p50: formatMs(side.summary.p50) }));
  const nextSteps = all
    ? [t('latency:LAT-LOSS.steps.allFailed'), t('latency:LAT-LOSS.steps.allowlist')]
    : [t('latency:LAT-LOSS.steps.rate'), ...(retransmits > 0 ? [t('latency:LAT-LOSS.steps.retransmits')] : []), t('latency:LAT-LOSS.steps.paths')];
  return [
    latencyVerdict(t, 'LAT-LOSS', severity, {
      vars,
      titleKey,
      scope: obs.b ? side.label : undefined,
      evidence,
      nextSteps,
    }),
  ];
}

/** LAT-LOSS: failed probes and connects of 1 s or more, per side, reported apart from latency. */
export function latLoss(obs: LatencyObservation, t: Translate): Verdict[] {
  return [obs.a, ...(obs.b ? [obs.b] : [])].flatMap((side) => lossVerdict(side, obs, t));
}

/**
 * LAT-NOT-INTERLEAVED: the two sides were not measured in the same rounds: pasted runs and before/after
 * baselines are blocks measured at different times; two vantage points run concurrently but on different
 * hosts and paths.
 */
export function latNotInterleaved(obs: LatencyObservation, t: Translate): Verdict[] {
  if (!obs.b || obs.design === 'single' || obs.design === 'interleaved') return [];
  const a = obs.a.label;
  const b = obs.b.label;
  switch (obs.design) {
    case 'before-after': {
      const base = obs.baseline;
      const evidence = base ? [t('latency:LAT-NOT-INTERLEAVED.evidence.baseline', { name: base.name, savedAt: base.savedAt, agent: base.agent })] : [];
      const nextSteps = [t('latency:LAT-NOT-INTERLEAVED.steps.control'), ...(base ? [t('latency:LAT-NOT-INTERLEAVED.steps.controlCommands', base.control)] : []), t('latency:LAT-NOT-INTERLEAVED.steps.repeat')];
      return [latencyVerdict(t, 'LAT-NOT-INTERLEAVED', 'info', { vars: { a, b }, titleKey: 'titleBeforeAfter', detailKey: 'detailBeforeAfter', evidence, nextSteps })];
    }
    case 'pasted': {
      const [ra, rb] = obs.groups ?? [0, 0];
      return [
        latencyVerdict(t, 'LAT-NOT-INTERLEAVED', 'info', {
          vars: { a, b },
          titleKey: 'titlePasted',
          detailKey: 'detailPasted',
          evidence: [t('latency:LAT-NOT-INTERLEAVED.evidence.groups', { a, b, ra, rb })],
          nextSteps: [t('latency:LAT-NOT-INTERLEAVED.steps.interleave'), t('latency:LAT-NOT-INTERLEAVED.steps.control')],
        }),
      ];
    }
    case 'concurrent': {
      const [x, y] = obs.agents ?? [a, b];
      return [
        latencyVerdict(t, 'LAT-NOT-INTERLEAVED', 'info', {
          vars: { a, b },
          titleKey: 'titleConcurrent',
          detailKey: 'detailConcurrent',
          evidence: [t('latency:LAT-NOT-INTERLEAVED.evidence.concurrent', { x, y })],
          nextSteps: [t('latency:LAT-NOT-INTERLEAVED.steps.vantage')],
        }),
      ];
    }
    default:
      return [];
  }
}
