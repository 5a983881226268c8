package org.audioprune.prune;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test oracle: {@link DenseBetweenness} as it was before the float-filtered vector kernel (commit 583d993,
 * plain doubles, compact list of unsettled nodes, verified against networkx by
 * tools/crosscheck_criteria.py and the networkx fixtures). Kept only here, so that the new kernel can
 * be compared with it bit for bit on any number of random graphs.
 *
 * <p>Original description: betweenness centrality of a complete undirected graph given as a dense matrix of edge lengths,
 * reproducing networkx 2.8 {@code betweenness_centrality(G, weight='weight')} exactly, negative
 * lengths included. Written by hand because JGraphT's Brandes implementation is a textbook Dijkstra
 * that assumes non-negative weights; the reference semantics with negative lengths are networkx's
 * {@code _single_source_dijkstra_path_basic}:
 * <ul>
 *   <li>the heap holds (distance, push counter, predecessor, node); a node is pushed again only
 *       with a strictly smaller distance, so the entry popped for it is its latest push, and pops
 *       come in (distance, counter) order — equal distances go to the earlier push;</li>
 *   <li>a node once popped (settled) is never updated, even if a negative edge later offers a
 *       shorter path; but a path of exactly equal length still adds to its path count σ and its
 *       predecessor list, also after it was settled;</li>
 *   <li>σ of a popped node is increased by σ of the predecessor in its heap entry at pop time;</li>
 *   <li>neighbours are visited in ascending node order (the reference graph adds edges (i, j),
 *       i &lt; j, in that order), which fixes the push counters.</li>
 * </ul>
 * Instead of a heap this scans the unsettled nodes (kept in ascending order) for the least
 * (distance, push time): the same node networkx pops, in O(n) per step, O(n²) per source, with
 * relaxation and the scan in one pass. Settled nodes can only gain an equal-length path from v if
 * their distance lies within max|length| of v's, so they are kept in distance buckets and only the
 * nearby buckets are checked (with the signed similarity, distances spread over hundreds of units
 * and this skips almost all of them). Sources run in parallel; the per-source dependencies are
 * added in source order afterwards so that the floating-point sums match networkx's bit for bit.
 */
final class DenseBetweennessBefore {
    private DenseBetweennessBefore() {
    }

    /**
     * @param length  n×n row-major edge lengths; the diagonal is ignored (no self-loops)
     * @param n       number of nodes
     * @param threads worker threads (≥ 1)
     * @return normalised betweenness, 1/((n−1)(n−2)) times the sum over all ordered sources as
     *         networkx does for undirected graphs; unnormalised zeros for n ≤ 2
     */
    static double[] compute(double[] length, int n, int threads) {
        if (length.length != n * n) {
            throw new IllegalArgumentException("need an " + n + "x" + n + " matrix");
        }
        double[] dependency = new double[n * n]; // row s: what source s adds to each node
        double maxLength = 0;
        for (double l : length) {
            maxLength = Math.max(maxLength, Math.abs(l));
        }
        double longest = maxLength;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            SingleSource search = new SingleSource(n, longest);
            for (int s = next.getAndIncrement(); s < n; s = next.getAndIncrement()) {
                search.run(length, s, dependency, s * n);
            }
        };
        runOn(Math.max(1, Math.min(threads, n)), worker);
        double[] bc = new double[n];
        for (int s = 0; s < n; s++) {
            for (int w = 0; w < n; w++) {
                bc[w] += dependency[s * n + w];
            }
        }
        if (n > 2) {
            double scale = 1.0 / ((double) (n - 1) * (n - 2));
            for (int w = 0; w < n; w++) {
                bc[w] *= scale;
            }
        }
        return bc;
    }

    private static void runOn(int threads, Runnable worker) {
        if (threads == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] futures = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                futures[t] = pool.submit(worker);
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("betweenness interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("betweenness failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Workspace for one single-source search, reused across sources by one thread. networkx's push
     * counter orders pushes by time; within one relaxation step pushes go in ascending node order,
     * so (step of the last improvement, node) orders them the same way, and the predecessor of the
     * last improvement is the node settled at that step: one int per improvement instead of a
     * counter, a predecessor and σ/P resets. Equal-length extras (rare) live in per-node lists that
     * are valid only if started after the node's last improvement.
     */
    private static final class SingleSource {
        private final int n;
        private final double[] open;
        private final double[] closed;
        private final int[] improvedAt;
        private final int[] extraSince;
        private final double[] sigma;
        private final double[] extraSigma;
        private final int[][] extraPreds;
        private final int[] extraCount;
        private final double[] delta;
        private final int[] order;
        private final int[] unsettled;
        private final int[] head;
        private final int[] next;
        private final int[] bucketSize;
        private final double maxLength;
        private final double width;

        SingleSource(int n, double maxLength) {
            this.n = n;
            this.maxLength = maxLength;
            this.width = Math.max(maxLength, Double.MIN_NORMAL);
            open = new double[n];
            closed = new double[n];
            improvedAt = new int[n];
            extraSince = new int[n];
            sigma = new double[n];
            extraSigma = new double[n];
            extraPreds = new int[n][];
            extraCount = new int[n];
            delta = new double[n];
            order = new int[n];
            unsettled = new int[n];
            head = new int[2 * n + 8];
            next = new int[n];
            bucketSize = new int[2 * n + 8];
        }

        private boolean hasExtra(int w) {
            return extraSince[w] > improvedAt[w];
        }

        /** Bucket of a distance: |distance| ≤ n·max|length| = n·width, so 0 ≤ index < 2n + 8. */
        private int bucket(double d) {
            return (int) Math.floor(d / width) + n + 3;
        }

        void run(double[] length, int s, double[] out, int outOffset) {
            Arrays.fill(head, -1);
            Arrays.fill(bucketSize, 0);
            Arrays.fill(open, Double.POSITIVE_INFINITY);
            Arrays.fill(extraSince, -1);
            int remaining = 0;
            for (int w = 0; w < n; w++) {
                if (w != s) {
                    unsettled[remaining++] = w; // ascending: networkx visits neighbours in node order
                }
            }
            int settledCount = 0;
            int v = s;
            improvedAt[s] = -1;
            open[s] = 0;
            while (true) {
                int step = settledCount;
                // pop v: networkx adds σ of the heap entry's predecessor (for the source: itself, σ_s = 1 + 1)
                sigma[v] = v == s ? 2.0
                        : (hasExtra(v) ? extraSigma[v] : 0.0) + sigma[order[improvedAt[v]]];
                order[settledCount++] = v;
                double dist = open[v];
                closed[v] = dist;
                double sigmaV = sigma[v];
                int row = v * n;
                // settled nodes are never updated, but an equal-length path still counts
                // settled nodes are never updated, but an equal-length path still counts: only those with
                // |distance − dist| ≤ max|length| (plus rounding) can match; scan their buckets, or
                // all settled nodes in order when most of them are that close anyway
                double margin = maxLength + 4 * Math.ulp(Math.abs(dist) + maxLength);
                int lo = Math.max(bucket(dist - margin) - 1, 0);
                int hi = Math.min(bucket(dist + margin) + 1, head.length - 1);
                int inWindow = 0;
                for (int b = lo; b <= hi; b++) {
                    inWindow += bucketSize[b];
                }
                if (2 * inWindow > settledCount) {
                    for (int i = 0; i < settledCount - 1; i++) {
                        int w = order[i];
                        if (dist + length[row + w] == closed[w]) {
                            sigma[w] += sigmaV;
                            addExtra(w, v, step);
                        }
                    }
                } else {
                    for (int b = lo; b <= hi; b++) {
                        for (int w = head[b]; w >= 0; w = next[w]) {
                            if (dist + length[row + w] == closed[w]) {
                                sigma[w] += sigmaV;
                                addExtra(w, v, step);
                            }
                        }
                    }
                }
                int bk = bucket(dist);
                next[v] = head[bk];
                head[bk] = v;
                bucketSize[bk]++;
                if (remaining == 0) {
                    break;
                }
                int bestPos = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                int bestStep = Integer.MAX_VALUE;
                for (int pos = 0; pos < remaining; pos++) {
                    int w = unsettled[pos];
                    double nd = dist + length[row + w];
                    double sw = open[w];
                    if (nd == sw) {
                        if (!hasExtra(w)) {
                            extraSigma[w] = 0.0;
                        }
                        addExtra(w, v, step);
                        extraSigma[w] += sigmaV;
                    }
                    boolean better = nd < sw;
                    sw = better ? nd : sw;
                    open[w] = sw;
                    int at = better ? step : improvedAt[w];
                    improvedAt[w] = at;
                    // least (distance, push time); push time = (step, node), nodes ascending here
                    if (sw < bestDist || (sw == bestDist && at < bestStep)) {
                        bestPos = pos;
                        bestDist = sw;
                        bestStep = at;
                    }
                }
                v = unsettled[bestPos];
                System.arraycopy(unsettled, bestPos + 1, unsettled, bestPos, remaining - bestPos - 1);
                remaining--;
            }
            // accumulation (networkx _accumulate_basic), nodes in reverse settle order;
            // P_w = [predecessor of the last improvement] + equal-length extras, in arrival order
            for (int i = 0; i < settledCount; i++) {
                delta[order[i]] = 0.0;
            }
            for (int i = settledCount - 1; i >= 0; i--) {
                int w = order[i];
                double coeff = (1 + delta[w]) / sigma[w];
                if (w != s) {
                    int p = order[improvedAt[w]];
                    delta[p] += sigma[p] * coeff;
                }
                if (hasExtra(w)) {
                    int[] extra = extraPreds[w];
                    for (int j = 0, c = extraCount[w]; j < c; j++) {
                        delta[extra[j]] += sigma[extra[j]] * coeff;
                    }
                }
                if (w != s) {
                    out[outOffset + w] = delta[w];
                }
            }
        }

        /** Appends v to w's equal-length predecessors, starting a fresh list after an improvement. */
        private void addExtra(int w, int v, int step) {
            if (!hasExtra(w)) {
                extraSince[w] = step;
                extraCount[w] = 0;
                if (extraPreds[w] == null) {
                    extraPreds[w] = new int[2];
                }
            }
            int c = extraCount[w];
            if (c == extraPreds[w].length) {
                extraPreds[w] = Arrays.copyOf(extraPreds[w], 2 * c);
            }
            extraPreds[w][c] = v;
            extraCount[w] = c + 1;
        }
    }
}
