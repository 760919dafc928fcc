"""
Reference values for test/probes/stats.test.ts. Not run in CI; run by hand and paste the output into the test:

    python3 test/probes/reference/reference.py > /tmp/reference.json

Versions used for the recorded values: Python 3.11.7, SciPy 1.17.1, NumPy 2.4.6 (Debian python3-scipy).

Independent of the TypeScript code:
- Mann-Whitney U p-values: SciPy's mannwhitneyu with method='exact' for samples without ties; with ties, the exact
  permutation distribution of U given the ties (plain dictionary DP over the pooled values below, checked against
  SciPy's method=PermutationMethod(n_resamples=inf) where SciPy can enumerate every split); SciPy's defaults
  (method='auto', use_continuity=True: the normal approximation) for the large set.
- Wilcoxon signed-rank p-values: SciPy's wilcoxon with method='exact' without ties or zeros; with them every sign
  assignment of the midranks (zeros dropped first, as zero_method='wilcox'), from a plain dictionary DP below,
  checked against SciPy's method=PermutationMethod(n_resamples=inf) up to 16 nonzero differences; SciPy's
  defaults (correction=False, the normal approximation) for the large set.
- Hodges-Lehmann estimates and intervals: the straightforward implementation below (plain loops, statistics.median,
  order statistics K+1 and N-K), written from the textbook definitions (Hollander & Wolfe, Nonparametric
  Statistical Methods, ch. 3.3 and 4.3), not from the TypeScript. K is the largest with 2*P(S <= K) <= 0.05 in the
  exact null distribution of S (U: Mann and Whitney's recursion; R+: subsets of 1..n by sum), in exact integer
  arithmetic; for the large sets K = floor(N/2 - 1/2 - 1.96*sqrt(var)) (normal approximation, continuity correction).
- Nearest-rank percentiles: numpy.percentile(method='inverted_cdf').
- The normal survival function: scipy.special.ndtr(-z).
"""
import json
import math
import statistics

import numpy as np
import scipy
from scipy import special
from functools import lru_cache
from fractions import Fraction
from scipy.stats import PermutationMethod, mannwhitneyu, wilcoxon

Z = 1.96
ALPHA = Fraction(1, 20)
EXACT_LIMIT = 200  # the sets up to this size use the exact distributions (as the bot does)


@lru_cache(maxsize=None)
def mw_count(u, m, n):
    """Arrangements of m A's and n B's (no ties) with U = u (pairs A > B): Mann and Whitney's recursion."""
    if u < 0:
        return 0
    if m == 0 or n == 0:
        return 1 if u == 0 else 0
    # The largest value is an A (it beats all n B's) or a B.
    return mw_count(u - n, m - 1, n) + mw_count(u, m, n - 1)


def sr_counts(n):
    """Sign assignments of 1..n with each R+ = 0..n(n+1)/2."""
    c = [1] + [0] * (n * (n + 1) // 2)
    for j in range(1, n + 1):
        for k in range(len(c) - 1, j - 1, -1):
            c[k] += c[k - j]
    return c


def exact_k(counts):
    total = sum(counts)
    cum = 0
    k = -1
    coverage = None
    for i, c in enumerate(counts):
        cum += c
        if Fraction(2 * cum, total) > ALPHA:
            break
        k = i
        coverage = 1 - Fraction(2 * cum, total)
    return k, (float(coverage) if coverage is not None else None)


def midranks(values):
    s = sorted(values)
    first = {}
    last = {}
    for i, v in enumerate(s):
        first.setdefault(v, i + 1)
        last[v] = i + 1
    return [(first[v] + last[v]) / 2 for v in values]


def sr_permutation_p(d):
    """Exact two-sided p of R+ over every sign assignment of the midranks of |d| (zeros dropped first)."""
    nz = [x for x in d if x != 0]
    r2 = [round(2 * r) for r in midranks([abs(x) for x in nz])]
    dist = {0: 1}
    for r in r2:
        nxt = dict(dist)
        for s, c in dist.items():
            nxt[s + r] = nxt.get(s + r, 0) + c
        dist = nxt
    obs = sum(r for r, x in zip(r2, nz) if x > 0)
    total = sum(dist.values())
    le = sum(c for s, c in dist.items() if s <= obs)
    ge = sum(c for s, c in dist.items() if s >= obs)
    return float(min(Fraction(1), Fraction(2 * min(le, ge), total)))


def mw_permutation_p(a, b):
    """Exact two-sided p of U given the ties: every split of the pooled values into m and n equally likely."""
    m = len(a)
    r2 = [round(2 * r) for r in midranks(a + b)]
    dist = [dict() for _ in range(m + 1)]
    dist[0][0] = 1
    for r in r2:
        for j in range(m, 0, -1):
            for s, c in dist[j - 1].items():
                dist[j][s + r] = dist[j].get(s + r, 0) + c
    obs = sum(r2[:m])
    total = sum(dist[m].values())
    le = sum(c for s, c in dist[m].items() if s <= obs)
    ge = sum(c for s, c in dist[m].items() if s >= obs)
    return float(min(Fraction(1), Fraction(2 * min(le, ge), total)))


def hl_two_sample(a, b, z=Z):
    diffs = sorted(x - y for x in a for y in b)
    m, n = len(a), len(b)
    mn = m * n
    if max(m, n) <= EXACT_LIMIT:
        k, coverage = exact_k([mw_count(u, m, n) for u in range(mn + 1)])
    else:
        k = math.floor(mn / 2 - 0.5 - z * math.sqrt(mn * (m + n + 1) / 12))
        coverage = None
    est = statistics.median(diffs)
    if k < 0:
        return {"estimate": est, "k": k, "lower": None, "upper": None}
    return {"estimate": est, "k": k, "lower": diffs[k], "upper": diffs[mn - k - 1], "coverage": coverage}


def hl_paired(d, z=Z):
    n = len(d)
    walsh = sorted((d[i] + d[j]) / 2 for i in range(n) for j in range(i, n))
    N = n * (n + 1) // 2
    if n <= EXACT_LIMIT:
        k, coverage = exact_k(sr_counts(n))
    else:
        k = math.floor(N / 2 - 0.5 - z * math.sqrt(n * (n + 1) * (2 * n + 1) / 24))
        coverage = None
    est = statistics.median(walsh)
    if k < 0:
        return {"estimate": est, "k": k, "lower": None, "upper": None}
    return {"estimate": est, "k": k, "lower": walsh[k], "upper": walsh[N - k - 1], "coverage": coverage}


rng = np.random.default_rng(20260512)


def latency_us(n, base, scale, tail=0.0):
    """Integer microseconds: base + gamma noise + an occasional heavy tail (as loopback/ER connects look)."""
    x = base + rng.gamma(2.0, scale, n)
    if tail:
        spikes = rng.random(n) < 0.1
        x[spikes] += rng.exponential(tail, spikes.sum())
    return [int(round(v)) for v in x]


def psping_ms(n, base_ms, sd_ms):
    """PsPing prints 2 decimals of ms: 10 us resolution, so ties are common."""
    return [int(round(round(base_ms + abs(rng.normal(0, sd_ms)), 2) * 1000)) for _ in range(n)]


datasets = {
    # Small, no ties: exact Mann-Whitney.
    "small": {"a": [3100, 2950, 3400, 12800, 3050], "b": [2010, 2200, 1980, 2500, 2150, 2075]},
    # PsPing-like 2-decimal ms values, 12 vs 12 with ties: exact given the ties.
    "psping12": {"a": psping_ms(12, 3.0, 0.15), "b": psping_ms(12, 2.9, 0.15)},
    # 30 vs 25 heavy-tailed, no ties expected: exact (SciPy's default would approximate).
    "tail": {"a": latency_us(30, 2000, 150, 2000), "b": latency_us(25, 1000, 150, 2000)},
    # 8 vs 40: exact (one side <= 8), no ties.
    "eight": {"a": latency_us(8, 5000, 300), "b": latency_us(40, 5200, 300)},
    # 20 vs 20 nearly equal (equivalence territory), with ties: exact given the ties.
    "equal": {"a": latency_us(20, 3000, 40), "b": latency_us(20, 3010, 40)},
}
# 300 vs 300 with ties, by formula (no generator): too large for the exact distributions, normal approximation.
datasets["large"] = {"a": [3000 + (i * 7919) % 1000 for i in range(300)], "b": [2950 + (i * 104729) % 1013 for i in range(300)]}
# Make sure the sets that must have no ties have none.
for name in ("small", "tail", "eight"):
    v = datasets[name]["a"] + datasets[name]["b"]
    assert len(set(v)) == len(v), name

paired = {
    # 10 pairs, no ties, no zeros: exact signed-rank.
    "p10": [int(x) for x in rng.integers(-400, 900, 10)],
    # 10 pairs with ties: SciPy runs a complete permutation test (2^10 sign assignments).
    "p10ties": [300, -120, 300, 450, 80, -120, 610, 300, 45, 80],
    # 20 pairs, no ties: exact signed-rank (SciPy's exact method goes up to 50 pairs).
    "p20": [int(round(x, -1)) for x in rng.normal(250, 300, 20)],
    # 20 pairs with ties: every sign assignment (SciPy's default would approximate).
    "p20ties": [150, 450, 100, 100, 550, 750, 300, 350, 50, 150, -50, 700, 400, 150, -250, -200, 600, 100, 50, 700],
    # 16 pairs with two zeros: zeros dropped, every sign assignment of the other 14.
    "p16zeros": [0, 120, -40, 0, 310, 95, 60, -15, 220, 175, -80, 140, 30, 260, 85, 5],
    # 60 pairs with a few ties: every sign assignment (SciPy's default approximates beyond 50).
    "p60": [int(x) for x in rng.normal(150, 400, 60)],
}
# 400 pairs with ties, by formula: too many for the exact distributions, normal approximation.
paired["p400"] = [((i * 7919) % 1000) - ((i * 104729) % 1013) + 50 for i in range(400)]
for name in ("p10", "p20"):
    d = paired[name]
    assert 0 not in d and len(set(abs(x) for x in d)) == len(d), name

out = {"versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "twoSample": {}, "paired": {}, "percentiles": {}, "ndtr": {}}
for name, ab in datasets.items():
    a, b = ab["a"], ab["b"]
    ties = len(set(a + b)) < len(a + b)
    if name == "large":
        mw = mannwhitneyu(a, b)  # defaults: two-sided, use_continuity=True, method='auto' (asymptotic here)
        p = float(mw.pvalue)
    elif not ties:
        mw = mannwhitneyu(a, b, method="exact")
        p = float(mw.pvalue)
    else:
        mw = mannwhitneyu(a, b)  # for the statistic
        p = mw_permutation_p(a, b)
        if math.comb(len(a) + len(b), len(a)) <= 100_000:
            sp = mannwhitneyu(a, b, method=PermutationMethod(n_resamples=np.inf)).pvalue
            assert abs(sp - p) <= 1e-12 * p, (name, sp, p)
    out["twoSample"][name] = {"a": a, "b": b, "u": float(mw.statistic), "p": p, "hl": hl_two_sample(a, b)}
for name, d in paired.items():
    nz = [x for x in d if x != 0]
    if name == "p400":
        w = wilcoxon(d)  # defaults: zero_method='wilcox', correction=False, method='auto' (asymptotic here)
    elif 0 not in d and len(set(abs(x) for x in d)) == len(d):
        w = wilcoxon(d, method="exact")
    else:
        w = wilcoxon(d)  # for the statistic
        p = sr_permutation_p(d)
        if len(nz) <= 16:  # SciPy enumerates 2^n; beyond that its memory use is too much
            sp = wilcoxon(d, method=PermutationMethod(n_resamples=np.inf)).pvalue
            assert abs(sp - p) <= 1e-12 * p, (name, sp, p)
        w = type("W", (), {"statistic": w.statistic, "pvalue": p})
    out["paired"][name] = {"d": d, "statistic": float(w.statistic), "p": float(w.pvalue), "hl": hl_paired(d)}
for name in ("tail", "eight"):
    a = datasets[name]["a"]
    out["percentiles"][name] = {q: float(np.percentile(a, q, method="inverted_cdf")) for q in (50, 90, 95, 99)}
for z in (-3.0, -1.0, 0.0, 0.5, 1.0, 1.96, 2.5, 3.7, 6.0, 9.0):
    out["ndtr"][str(z)] = float(special.ndtr(-z))

print(json.dumps(out, indent=1))
