#!/usr/bin/python3
"""Cross-check `audioprune rank` against an independent numpy + networkx implementation.

Run from the repository root (needs Debian's /usr/bin/python3 with numpy and networkx):

    /usr/bin/python3 tools/crosscheck_criteria.py            # all three sizes
    /usr/bin/python3 tools/crosscheck_criteria.py --quick    # only 16x16x7x7 and 64x32x3x3
    /usr/bin/python3 tools/crosscheck_criteria.py --fixture src/test/resources/prune

It draws seeded random conv layers (16x16x7x7, 64x32x3x3, 256x128x3x3), writes them as .npy,
runs `./audioprune rank --json` on each for wdc, wdc-abs, bc and l1, computes the same rankings
from the definitions (spec §1-2) with numpy and networkx, written the way the reference code
does it (rank-1 representative from np.linalg.svd, a networkx Graph with edges (i, j), i < j,
added in order, nx.betweenness_centrality(G, weight='weight'), Python's stable sort), and
reports whether the `order` arrays are identical and how far the scores differ.
--fixture DIR also writes the 16x16x7x7 layer and networkx's orders as a test resource.
Exit status 0 when every order matches, 1 otherwise.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import networkx as nx
import numpy as np

from reference_rankings import by_score, graph, similarity  # tools/, beside this script

SIZES = [(16, 16, 7, 7), (64, 32, 3, 3), (256, 128, 3, 3)]
CRITERIA = ["wdc", "wdc-abs", "bc", "l1"]


def reference(w, criterion):
    """(order, scores) from the definitions; highest first except l1."""
    n = w.shape[0]
    if criterion == "l1":
        scores = [float(np.sum(np.abs(w[i]))) for i in range(n)]
        return by_score(scores, False), scores
    g = graph(similarity(w), lambda x: x)
    if criterion == "wdc":
        scores = [sum(g.edges[i, j]["weight"] for j in g.neighbors(i)) for i in range(n)]
    elif criterion == "wdc-abs":
        scores = [sum(abs(g.edges[i, j]["weight"]) for j in g.neighbors(i)) for i in range(n)]
    elif criterion == "bc":
        bc = nx.betweenness_centrality(g, weight="weight")
        scores = [bc[i] for i in range(n)]
    else:
        raise ValueError(criterion)
    return by_score(scores, True), scores


def audioprune(path, criterion):
    out = subprocess.run(["./audioprune", "rank", "--criterion", criterion, "--weights", path, "--json"],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    return doc["order"], doc["scores"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="skip the 256x128x3x3 layer")
    ap.add_argument("--fixture", metavar="DIR", help="write the 16x16x7x7 layer and networkx's orders here")
    args = ap.parse_args()
    rng = np.random.default_rng(20230503)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for shape in SIZES:
            w = rng.standard_normal(shape).astype(np.float32)
            if args.quick and shape[0] > 64:
                continue
            path = os.path.join(tmp, "w_%dx%dx%dx%d.npy" % shape)
            np.save(path, w)
            w64 = w.astype(np.float64)
            fixture = {}
            for criterion in CRITERIA:
                t0 = time.time()
                ref_order, ref_scores = reference(w64, criterion)
                t_ref = time.time() - t0
                t0 = time.time()
                order, scores = audioprune(path, criterion)
                t_java = time.time() - t0
                same = list(order) == list(ref_order)
                ok &= same
                diff = float(np.max(np.abs(np.array(scores) - np.array(ref_scores))))
                print("%-14s %-8s order %s  max|score diff| %.2e  numpy/networkx %.2fs  audioprune %.2fs"
                      % ("x".join(map(str, shape)), criterion, "IDENTICAL" if same else "DIFFERENT",
                         diff, t_ref, t_java))
                if not same:
                    first = next(k for k in range(len(order)) if order[k] != ref_order[k])
                    print("   first difference at rank %d: audioprune %s, reference %s"
                          % (first, order[first:first + 5], ref_order[first:first + 5]))
                fixture[criterion] = {"order": ref_order, "scores": ref_scores}
            if args.fixture and shape == SIZES[0]:
                os.makedirs(args.fixture, exist_ok=True)
                np.save(os.path.join(args.fixture, "layer_16x16x7x7.npy"), w)
                with open(os.path.join(args.fixture, "layer_16x16x7x7_networkx.json"), "w") as f:
                    json.dump({"generator": "tools/crosscheck_criteria.py, numpy " + np.__version__
                               + ", networkx " + nx.__version__, **fixture}, f, indent=1)
    print("ALL ORDERS IDENTICAL" if ok else "SOME ORDERS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
