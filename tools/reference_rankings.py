#!/usr/bin/python3
"""Reference rankings of every criterion that has an independent reference, as test fixtures.

Run from the repository root with Debian's /usr/bin/python3 (numpy, networkx, scipy):

    /usr/bin/python3 tools/reference_rankings.py [--out src/test/resources/prune]

For n = 64 and n = 256 filters it draws a seeded random conv layer (n, 2, 3, 3) in float32 and
seeded feature maps (2 samples, n channels, 4 x 4) in float32 whose ranks are known by construction
(products of integer 4 x r and r x 4 factors, r = 0..4), and writes

    layer_<n>.npy              the weights
    maps_<n>.npy               the feature maps
    reference_<n>.json         {"criterion": {"order": [...], "scores": [...]}, ...}

Rankings come from the definitions of the spec (/work/shared/spec/method.md sections 1-2), written
independently of the Java code: the rank-1 representative from np.linalg.svd, a networkx Graph
with edges (i, j), i < j, added in that order, networkx's betweenness_centrality, closeness_centrality,
eigenvector_centrality and pagerank, numpy for the rest, and Python's stable sorted() for the order
(equal scores keep the lower index first, also with reverse=True). `random` has no independent
reference (its permutation comes from Java's SplittableRandom) and is left out.
"""
import argparse
import json
import os
import sys

import networkx as nx
import numpy as np
import scipy

SIZES = [64, 256]
CHANNELS, KH, KW = 2, 3, 3
SAMPLES, MAP_H, MAP_W = 2, 4, 4
SEED = 20240901


def representatives(w):
    """r_i = first column of u1 v1^T, normalised (spec 1.2)."""
    n, c, kh, kw = w.shape
    reps = np.zeros((n, kh * kw))
    for i in range(n):
        a = w[i].reshape(c, kh * kw).T
        u, _, vt = np.linalg.svd(a)
        m = np.outer(u[:, 0], vt[0, :])
        reps[i] = m[:, 0] / np.linalg.norm(m[:, 0])
    return reps


def similarity(w):
    r = representatives(w)
    return r @ r.T


def graph(s, transform):
    """The complete graph, edges (i, j), i < j, in order, weight transform(S_ij)."""
    n = len(s)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for i in range(n):
        for j in range(i + 1, n):
            g.add_edge(i, j, weight=float(transform(s[i, j])))
    return g


def by_score(scores, highest_first):
    return sorted(range(len(scores)), key=lambda i: scores[i], reverse=highest_first)


def pairwise(s):
    """Singh & Plumbley 2022 as spec section 2 states it (with the spec's Decision for the rest)."""
    n = len(s)
    d = 1 - s
    nearest, distance = [], []
    for i in range(n):
        row = [d[i, j] if j != i else np.inf for j in range(n)]
        j = int(np.argmin(row))  # first minimum: lower index on ties
        nearest.append(j)
        distance.append(float(row[j]))
    redundant, kept = [], []
    for i in by_score(distance, False):
        if i not in redundant:
            kept.append(i)
            if nearest[i] not in redundant:
                redundant.append(nearest[i])
    order = [i for i in redundant if i not in kept] + kept
    return order, distance


def passive(w):
    """{criterion: (order, scores)} for every passive criterion with a reference."""
    w64 = w.astype(np.float64)
    n = w.shape[0]
    flat = w64.reshape(n, -1)
    s = similarity(w64)
    out = {}
    wdc = [sum(s[i, j] for j in range(n) if j != i) for i in range(n)]
    out["wdc"] = (by_score(wdc, True), wdc)
    wdc_abs = [sum(abs(s[i, j]) for j in range(n) if j != i) for i in range(n)]
    out["wdc-abs"] = (by_score(wdc_abs, True), wdc_abs)
    for name, transform in [("bc", lambda x: x), ("bc-dist", lambda x: 1 - x), ("bc-absdist", lambda x: 1 - abs(x))]:
        bc = nx.betweenness_centrality(graph(s, transform), weight="weight")
        scores = [bc[i] for i in range(n)]
        out[name] = (by_score(scores, True), scores)
    l1 = [float(np.sum(np.abs(flat[i]))) for i in range(n)]
    out["l1"] = (by_score(l1, False), l1)
    l2 = [float(np.linalg.norm(flat[i])) for i in range(n)]
    out["l2"] = (by_score(l2, False), l2)
    fpgm = [float(sum(np.linalg.norm(flat[i] - flat[j]) for j in range(n))) for i in range(n)]
    out["fpgm"] = (by_score(fpgm, False), fpgm)
    layer_gm = float(scipy.stats.gmean(np.abs(flat).ravel()))
    gmean = [float((layer_gm - scipy.stats.gmean(np.abs(flat[i]))) ** 2) for i in range(n)]
    out["gmean"] = (by_score(gmean, False), gmean)
    out["pairwise"] = pairwise(s)
    absolute = graph(s, abs)
    ev = nx.eigenvector_centrality(absolute, max_iter=100000, tol=1e-15, weight="weight")
    scores = [ev[i] for i in range(n)]
    out["eigenvector"] = (by_score(scores, True), scores)
    cl = nx.closeness_centrality(graph(s, lambda x: 1 - abs(x)), distance="weight")
    scores = [cl[i] for i in range(n)]
    out["closeness"] = (by_score(scores, True), scores)
    pr = nx.pagerank(absolute, alpha=0.85, max_iter=100000, tol=1e-15, weight="weight")
    scores = [pr[i] for i in range(n)]
    out["pagerank"] = (by_score(scores, True), scores)
    return out


def feature_maps(rng, n):
    """
    (samples, n, H, W) float32; channel c, sample k has rank r = (3c + k) mod 5 exactly: the product of
    integer factors (H x r)(r x W) with entries in [-3, 3], redrawn until the factors have rank r, is
    an integer matrix that float32 holds exactly, so no rounding blurs the rank.
    """
    maps = np.zeros((SAMPLES, n, MAP_H, MAP_W), dtype=np.float32)
    ranks = np.zeros((SAMPLES, n), dtype=int)
    for k in range(SAMPLES):
        for c in range(n):
            r = (3 * c + k) % 5
            while r > 0:
                a = rng.integers(-3, 4, (MAP_H, r))
                b = rng.integers(-3, 4, (r, MAP_W))
                if np.linalg.matrix_rank(a) == r and np.linalg.matrix_rank(b) == r:
                    maps[k, c] = (a @ b).astype(np.float32)
                    break
            ranks[k, c] = r
    return maps, ranks


def matrix_rank(m):
    """The rank as FeatureMapSpectrum defines it: singular values above numpy's default tolerance
    sigma_max * max(H, W) * eps, with eps of float32 (the precision the maps come in)."""
    s = np.linalg.svd(m.astype(np.float64), compute_uv=False)
    return int(np.sum(s > s.max() * max(m.shape) * np.finfo(np.float32).eps)) if s.size else 0


def active(maps, ranks):
    """hrank: mean matrix rank; energy: mean nuclear norm (float64 of the float32 maps)."""
    samples, n = maps.shape[:2]
    for k in range(samples):
        for c in range(n):
            assert matrix_rank(maps[k, c]) == ranks[k, c] == np.linalg.matrix_rank(maps[k, c])
    hrank = [float(np.mean([matrix_rank(maps[k, c]) for k in range(samples)])) for c in range(n)]
    energy = [float(np.mean([np.linalg.norm(maps[k, c].astype(np.float64), "nuc") for k in range(samples)]))
              for c in range(n)]
    return {"hrank": (by_score(hrank, False), hrank), "energy": (by_score(energy, False), energy)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="src/test/resources/prune", help="fixture folder")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    for n in SIZES:
        w = rng.standard_normal((n, CHANNELS, KH, KW)).astype(np.float32)
        maps, ranks = feature_maps(rng, n)
        np.save(os.path.join(args.out, "layer_%d.npy" % n), w)
        np.save(os.path.join(args.out, "maps_%d.npy" % n), maps)
        rankings = {**passive(w), **active(maps, ranks)}
        doc = {"generator": "tools/reference_rankings.py (numpy %s, networkx %s, scipy %s, Python %s)"
                            % (np.__version__, nx.__version__, scipy.__version__, sys.version.split()[0]),
               "weights": "layer_%d.npy" % n, "featureMaps": "maps_%d.npy" % n}
        for name, (order, scores) in rankings.items():
            doc[name] = {"order": [int(i) for i in order], "scores": [float(x) for x in scores]}
        with open(os.path.join(args.out, "reference_%d.json" % n), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")
        print("n = %d: %s" % (n, ", ".join(rankings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
