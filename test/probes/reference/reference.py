"""
Reference values for test/probes/stats.test.ts. Not run in CI; run by hand and paste the output into the test:

    python3 test/probes/reference/reference.py > /tmp/reference.json

Versions used for the recorded values: Python 3.11.7, SciPy 1.17.1, NumPy 2.4.6 (Debian python3-scipy).

Independent of the TypeScript code:
- Mann-Whitney U and Wilcoxon signed-rank p-values: SciPy's mannwhitneyu / wilcoxon with their defaults
  (method='auto'; mannwhitneyu use_continuity=True; wilcoxon zero_method='wilcox', correction=False).
- Hodges-Lehmann estimates and intervals: the straightforward implementation below (plain loops, statistics.median,
  order statistics K+1 and N-K with K = floor(N/2 - z*sqrt(var))), written from the textbook definitions
  (Hollander & Wolfe, Nonparametric Statistical Methods, ch. 3.3 and 4.3), not from the TypeScript.
- Nearest-rank percentiles: numpy.percentile(method='inverted_cdf').
- The normal survival function: scipy.special.ndtr(-z).
"""
import json
import math
import statistics

import numpy as np
import scipy
from scipy import special
from scipy.stats import mannwhitneyu, wilcoxon

Z = 1.96


def hl_two_sample(a, b, z=Z):
    diffs = sorted(x - y for x in a for y in b)
    m, n = len(a), len(b)
    mn = m * n
    k = math.floor(mn / 2 - z * math.sqrt(mn * (m + n + 1) / 12))
    est = statistics.median(diffs)
    if k < 0:
        return {"estimate": est, "k": k, "lower": None, "upper": None}
    return {"estimate": est, "k": k, "lower": diffs[k], "upper": diffs[mn - k - 1]}


def hl_paired(d, z=Z):
    n = len(d)
    walsh = sorted((d[i] + d[j]) / 2 for i in range(n) for j in range(i, n))
    N = n * (n + 1) // 2
    k = math.floor(N / 2 - z * math.sqrt(n * (n + 1) * (2 * n + 1) / 24))
    est = statistics.median(walsh)
    if k < 0:
        return {"estimate": est, "k": k, "lower": None, "upper": None}
    return {"estimate": est, "k": k, "lower": walsh[k], "upper": walsh[N - k - 1]}


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
    # PsPing-like 2-decimal ms values, 12 vs 12 with ties: normal approximation with tie correction.
    "psping12": {"a": psping_ms(12, 3.0, 0.15), "b": psping_ms(12, 2.9, 0.15)},
    # 30 vs 25 heavy-tailed, no ties expected.
    "tail": {"a": latency_us(30, 2000, 150, 2000), "b": latency_us(25, 1000, 150, 2000)},
    # 8 vs 40: exact (one side <= 8), no ties.
    "eight": {"a": latency_us(8, 5000, 300), "b": latency_us(40, 5200, 300)},
    # 20 vs 20 nearly equal (equivalence territory).
    "equal": {"a": latency_us(20, 3000, 40), "b": latency_us(20, 3010, 40)},
}
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
    # 20 pairs with ties: normal approximation with the tie correction.
    "p20ties": [150, 450, 100, 100, 550, 750, 300, 350, 50, 150, -50, 700, 400, 150, -250, -200, 600, 100, 50, 700],
    # 16 pairs with two zeros: zeros dropped, normal approximation.
    "p16zeros": [0, 120, -40, 0, 310, 95, 60, -15, 220, 175, -80, 140, 30, 260, 85, 5],
    # 60 pairs: normal approximation whatever the ties.
    "p60": [int(x) for x in rng.normal(150, 400, 60)],
}
for name in ("p10", "p20"):
    d = paired[name]
    assert 0 not in d and len(set(abs(x) for x in d)) == len(d), name

out = {"versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "twoSample": {}, "paired": {}, "percentiles": {}, "ndtr": {}}
for name, ab in datasets.items():
    a, b = ab["a"], ab["b"]
    mw = mannwhitneyu(a, b)  # defaults: two-sided, use_continuity=True, method='auto'
    out["twoSample"][name] = {"a": a, "b": b, "u": float(mw.statistic), "p": float(mw.pvalue), "hl": hl_two_sample(a, b)}
for name, d in paired.items():
    w = wilcoxon(d)  # defaults: zero_method='wilcox', correction=False, method='auto'
    out["paired"][name] = {"d": d, "statistic": float(w.statistic), "p": float(w.pvalue), "hl": hl_paired(d)}
for name in ("tail", "eight"):
    a = datasets[name]["a"]
    out["percentiles"][name] = {q: float(np.percentile(a, q, method="inverted_cdf")) for q in (50, 90, 95, 99)}
for z in (-3.0, -1.0, 0.0, 0.5, 1.0, 1.96, 2.5, 3.7, 6.0, 9.0):
    out["ndtr"][str(z)] = float(special.ndtr(-z))

print(json.dumps(out, indent=1))
