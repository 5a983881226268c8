package org.audioprune.prune;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Betweenness centrality of a complete undirected graph given as a dense matrix of edge lengths,
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
 * Instead of a heap this scans a dense array for the unsettled node with the least
 * (distance, counter): the same node networkx pops, in O(n) per step, O(n²) per source, and
 * relaxation and the scan share one pass. Sources run in parallel; the per-source dependencies are
 * added in source order afterwards so that the floating-point sums match networkx's bit for bit.
 */
public final class DenseBetweenness {
    private DenseBetweenness() {
    }

    /**
     * @param length  n×n row-major edge lengths; the diagonal is ignored (no self-loops)
     * @param n       number of nodes
     * @param threads worker threads (≥ 1)
     * @return normalised betweenness, 1/((n−1)(n−2)) times the sum over all ordered sources as
     *         networkx does for undirected graphs; unnormalised zeros for n ≤ 2
     */
    public static double[] compute(double[] length, int n, int threads) {
        if (length.length != n * n) {
            throw new IllegalArgumentException("need an " + n + "x" + n + " matrix");
        }
        double[] dependency = new double[n * n]; // row s: what source s adds to each node
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            SingleSource search = new SingleSource(n);
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

    /** Workspace for one single-source search, reused across sources by one thread. */
    private static final class SingleSource {
        private final int n;
        private final double[] seen;
        private final long[] pushCount;
        private final int[] entryPred;
        private final boolean[] settled;
        private final double[] sigma;
        private final double[] delta;
        private final int[] order;
        private final int[][] preds;
        private final int[] predCount;

        SingleSource(int n) {
            this.n = n;
            seen = new double[n];
            pushCount = new long[n];
            entryPred = new int[n];
            settled = new boolean[n];
            sigma = new double[n];
            delta = new double[n];
            order = new int[n];
            preds = new int[n][2];
            predCount = new int[n];
        }

        void run(double[] length, int s, double[] out, int outOffset) {
            Arrays.fill(seen, Double.POSITIVE_INFINITY);
            Arrays.fill(settled, false);
            Arrays.fill(sigma, 0.0);
            Arrays.fill(predCount, 0);
            long counter = 0;
            seen[s] = 0;
            pushCount[s] = counter++;
            entryPred[s] = s;
            sigma[s] = 1.0;
            int settledCount = 0;
            int v = s;
            while (v >= 0) {
                settled[v] = true;
                sigma[v] += sigma[entryPred[v]];
                order[settledCount++] = v;
                double dist = seen[v];
                double sigmaV = sigma[v];
                int row = v * n;
                int best = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                long bestCount = Long.MAX_VALUE;
                for (int w = 0; w < n; w++) {
                    if (w == v) {
                        continue;
                    }
                    double nd = dist + length[row + w];
                    double sw = seen[w];
                    if (settled[w]) {
                        if (nd == sw) {
                            sigma[w] += sigmaV;
                            addPred(w, v);
                        }
                        continue;
                    }
                    if (nd < sw) {
                        seen[w] = nd;
                        sw = nd;
                        pushCount[w] = counter++;
                        entryPred[w] = v;
                        sigma[w] = 0.0;
                        preds[w][0] = v;
                        predCount[w] = 1;
                    } else if (nd == sw) {
                        sigma[w] += sigmaV;
                        addPred(w, v);
                    }
                    if (sw < bestDist || (sw == bestDist && pushCount[w] < bestCount)) {
                        best = w;
                        bestDist = sw;
                        bestCount = pushCount[w];
                    }
                }
                v = best;
            }
            // accumulation (networkx _accumulate_basic), nodes in reverse settle order
            for (int i = 0; i < settledCount; i++) {
                delta[order[i]] = 0.0;
            }
            for (int i = settledCount - 1; i >= 0; i--) {
                int w = order[i];
                double coeff = (1 + delta[w]) / sigma[w];
                int[] p = preds[w];
                for (int j = 0, c = predCount[w]; j < c; j++) {
                    delta[p[j]] += sigma[p[j]] * coeff;
                }
                if (w != s) {
                    out[outOffset + w] = delta[w];
                }
            }
        }

        private void addPred(int w, int v) {
            int c = predCount[w];
            if (c == preds[w].length) {
                preds[w] = Arrays.copyOf(preds[w], 2 * c);
            }
            preds[w][c] = v;
            predCount[w] = c + 1;
        }
    }
}
