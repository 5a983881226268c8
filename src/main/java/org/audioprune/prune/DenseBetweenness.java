package org.audioprune.prune;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * Every distance is networkx's double sum (distance of the settled node + edge length), every
 * comparison is decided on those exact sums. Instead of a heap each step relaxes the whole row of
 * the node just settled and picks the least (distance, push time) — push time = (step of the last
 * improvement, node) — in the same pass: O(n²) per source. That pass, n³ steps per layer, is what
 * costs, and it runs in 32-bit fixed point: the lengths as integer multiples of a power-of-two unit
 * (max|length| ≈ 2²⁴ units), the distances as integers relative to a base that follows the search
 * (a distance is within max|length| of the node just settled, so the integers stay small; moving
 * the base subtracts an integer, which is exact). Eight lanes per 256-bit instruction (JDK vector
 * API), no float-to-double conversion, and integer sums without rounding: an integer distance is
 * within {@code tol}/2 units of networkx's double sum, so a comparison whose integer operands are
 * more than {@code tol} apart has the same outcome as the exact one; the rare ones that are not (and
 * every exact tie, equal-length paths included) are decided again with the double sums. The exact
 * distance of a node is recomputed from its predecessor when it is settled.
 * <p>
 * Settled nodes hold {@link Integer#MIN_VALUE} (never improved; minus one it wraps to the largest
 * integer, so it is never the least either), and columns whose eight nodes are all settled are
 * skipped. The nodes are renumbered once per graph in the
 * order the first source settles them: the other sources settle in a similar order, so settled
 * columns cluster and whole blocks drop out. Settled nodes can only gain an equal-length path from
 * v if their distance lies within max|length| of v's (with non-negative lengths: equals v's), so
 * they are kept in distance buckets and only the nearby buckets are checked. Sources run in parallel; the per-source dependencies are added in
 * source order afterwards so that the floating-point sums match networkx's bit for bit. The result
 * does not depend on the renumbering, the lane count, the base or whether the vector API is used.
 */
public final class DenseBetweenness {
    /** Columns per block: one 256-bit vector of ints. */
    static final int BLOCK = 8;
    /** A settled node's (or a padding column's) fixed-point distance. */
    static final int SETTLED = Integer.MIN_VALUE;
    /** A node not reached yet: above every distance (those stay within ±2²⁹), below overflow. */
    static final int UNSEEN = 1 << 30;
    /** max|length| is below 2^UNIT_BITS units. */
    static final int UNIT_BITS = 24;
    /** The base moves once the settled node's distance is this many max|length| from it. */
    static final int REBASE_LENGTHS = 24;

    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && Lanes.usable();

    private DenseBetweenness() {
    }

    /**
     * @param length  n×n row-major edge lengths, finite and within the float range off the diagonal;
     *                the diagonal is ignored (no self-loops)
     * @param n       number of nodes
     * @param threads worker threads (≥ 1)
     * @return normalised betweenness, 1/((n−1)(n−2)) times the sum over all ordered sources as
     *         networkx does for undirected graphs; unnormalised zeros for n ≤ 2
     */
    public static double[] compute(double[] length, int n, int threads) {
        return compute(length, n, threads, VECTOR_API);
    }

    /** Whether the JDK vector API kernel is in use (jdk.incubator.vector resolved, 256-bit vectors). */
    public static boolean vectorised() {
        return VECTOR_API;
    }

    /** As {@link #compute(double[], int, int)}, with the relaxation pass chosen (tests compare both). */
    static double[] compute(double[] length, int n, int threads, boolean vectorApi) {
        if (length.length != n * n) {
            throw new IllegalArgumentException("need an " + n + "x" + n + " matrix");
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double l = length[a * n + b];
                if (a != b && !(Math.abs(l) <= Float.MAX_VALUE)) { // the float copy must be finite too
                    throw new IllegalArgumentException("edge length (" + a + ", " + b + ") is " + l
                            + ", not a finite value within ±" + Float.MAX_VALUE);
                }
            }
        }
        double[] dependency = new double[n * n]; // row s: what source s adds to each node
        if (n > 0) {
            int[] identity = new int[n];
            Arrays.setAll(identity, i -> i);
            SingleSource first = new SingleSource(new Rows(length, n, identity), vectorApi);
            first.run(0, dependency);
            Rows rows = new Rows(length, n, first.settleOrder());
            AtomicInteger next = new AtomicInteger(1);
            Runnable worker = () -> {
                SingleSource search = new SingleSource(rows, vectorApi);
                for (int s = next.getAndIncrement(); s < n; s = next.getAndIncrement()) {
                    search.run(s, dependency);
                }
            };
            runOn(Math.max(1, Math.min(threads, n - 1)), worker);
        }
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
     * The lengths in one node numbering: position i is node {@code node[i]}. {@code fixed} holds them
     * as integer multiples of the unit 2^{@code unitExponent}, rows padded with zeros to a whole number
     * of blocks; {@code exact} is the caller's matrix in node numbering.
     */
    static final class Rows {
        final int n;
        final int stride;
        final int[] node;
        final int[] position;
        final int[] fixed;
        final double[] exact;
        final double maxLength;
        /** The least edge length (off the diagonal); +∞ without edges. */
        final double minLength;
        final int unitExponent;
        /** max|fixed length|, in units. */
        final int maxUnits;
        /** Twice the largest difference, in units, between a fixed-point distance and the exact one. */
        final int tol;

        Rows(double[] exact, int n, int[] node) {
            this.n = n;
            this.exact = exact;
            this.node = node;
            this.stride = (n + BLOCK - 1) / BLOCK * BLOCK;
            position = new int[n];
            for (int i = 0; i < n; i++) {
                position[node[i]] = i;
            }
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (a != b) {
                        double l = exact[a * n + b];
                        max = Math.max(max, Math.abs(l));
                        min = Math.min(min, l);
                    }
                }
            }
            maxLength = max;
            minLength = min;
            // max < 2^(exponent + 1), so |length| / unit < 2^UNIT_BITS
            unitExponent = Math.getExponent(Math.max(max, Double.MIN_NORMAL)) + 1 - UNIT_BITS;
            fixed = new int[n * stride];
            int units = 0;
            for (int a = 0; a < n; a++) {
                int row = node[a] * n;
                for (int b = 0; b < n; b++) {
                    if (b != a) {
                        int f = (int) Math.rint(units(exact[row + node[b]]));
                        fixed[a * stride + b] = f;
                        units = Math.max(units, Math.abs(f));
                    }
                }
            }
            maxUnits = units;
            // A fixed-point distance c_v + f_vw against networkx's closed(v) + l_vw, in units: c_v and
            // f_vw are rounded to the nearest integer (0.5 each, plus 2^-23 for the double subtraction
            // that gives c_v), the double sum is off the real one by half an ulp of |distance| ≤
            // (n + 1)·max. Two of them compared: twice that.
            tol = 2 + (int) Math.ceil(0x1p-20 + units(Math.ulp((n + 1) * max)));
        }

        /** A length or distance in units (exact: the unit is a power of two). */
        double units(double x) {
            return Math.scalb(x, -unitExponent);
        }

        /** networkx's length of edge (a, b), positions. */
        double length(int a, int b) {
            return exact[node[a] * n + node[b]];
        }
    }

    /**
     * Workspace for one single-source search, reused across sources by one thread; indices are
     * positions in {@link Rows}. networkx's push counter orders pushes by time; within one
     * relaxation step pushes go in ascending node order, so (step of the last improvement, node)
     * orders them the same way, and the predecessor of the last improvement is the node settled at
     * that step: one number per improvement instead of a counter, a predecessor and σ/P resets.
     * Equal-length extras (rare) live in per-node lists that are valid only if started after the
     * node's last improvement.
     */
    static final class SingleSource {
        /** What a relaxation pass returns when it could not decide every comparison by the floats. */
        static final int UNDECIDED = -1;
        /** ... or when the float minimum is not certainly the exact one. */
        static final int UNSURE = -2;

        final Rows rows;
        final int n;
        final boolean vectorApi;
        /**
         * Unsettled: fixed-point tentative distance relative to {@code base} ({@link #UNSEEN} unseen);
         * settled: {@link #SETTLED}. Padded to the stride.
         */
        final int[] open;
        /** Step of the last improvement. */
        final int[] improvedAt;
        /** The distance 0 of {@code open}, in units. */
        long base;
        final double[] closed;
        final int[] extraSince;
        final double[] sigma;
        final double[] extraSigma;
        final int[][] extraPreds;
        final int[] extraCount;
        final double[] delta;
        final int[] order;
        /** Ascending indices of the blocks that still hold an unsettled node, and their unsettled counts. */
        final int[] blocks;
        final int[] unsettledInBlock;
        int liveBlocks;
        final int[] head;
        final int[] next;
        final int[] bucketSize;
        final double width;

        SingleSource(Rows rows, boolean vectorApi) {
            this.rows = rows;
            this.n = rows.n;
            this.vectorApi = vectorApi;
            this.width = Math.max(rows.maxLength, Double.MIN_NORMAL);
            open = new int[rows.stride];
            improvedAt = new int[rows.stride];
            closed = new double[n];
            extraSince = new int[n];
            sigma = new double[n];
            extraSigma = new double[n];
            extraPreds = new int[n][];
            extraCount = new int[n];
            delta = new double[n];
            order = new int[n];
            blocks = new int[rows.stride / BLOCK];
            unsettledInBlock = new int[blocks.length];
            head = new int[2 * n + 8];
            next = new int[n];
            bucketSize = new int[2 * n + 8];
        }

        private int improvedAt(int w) {
            return improvedAt[w];
        }

        private boolean hasExtra(int w) {
            return extraSince[w] > improvedAt(w);
        }

        /** Bucket of a distance: |distance| ≤ n·max|length| = n·width, so 0 ≤ index < 2n + 8. */
        private int bucket(double d) {
            return (int) Math.floor(d / width) + n + 3;
        }

        /** The nodes in the order the last search settled them. */
        int[] settleOrder() {
            int[] o = new int[n];
            for (int i = 0; i < n; i++) {
                o[i] = rows.node[order[i]];
            }
            return o;
        }

        /** networkx's tentative distance of unsettled w: distance of its predecessor + edge length. */
        private double exactOpen(int w) {
            int p = order[improvedAt(w)];
            return closed[p] + rows.length(p, w);
        }

        void run(int sourceNode, double[] dependency) {
            int s = rows.position[sourceNode];
            Arrays.fill(head, -1);
            Arrays.fill(bucketSize, 0);
            Arrays.fill(open, 0, n, UNSEEN);
            Arrays.fill(open, n, open.length, SETTLED);
            base = 0;
            Arrays.fill(extraSince, -1);
            liveBlocks = blocks.length;
            for (int b = 0; b < liveBlocks; b++) {
                blocks[b] = b;
                unsettledInBlock[b] = Math.min(BLOCK, n - b * BLOCK);
            }
            int settledCount = 0;
            int v = s;
            improvedAt[s] = -1;
            closed[s] = 0;
            while (true) {
                int step = settledCount;
                // pop v: networkx adds σ of the heap entry's predecessor (for the source: itself, σ_s = 1 + 1)
                sigma[v] = v == s ? 2.0
                        : (hasExtra(v) ? extraSigma[v] : 0.0) + sigma[order[improvedAt(v)]];
                if (v != s) {
                    closed[v] = exactOpen(v);
                }
                order[settledCount++] = v;
                settle(v);
                int cv = offset(v);
                int following = settledCount == n ? -1 : relax(v, cv, step);
                settledEqual(v, cv, step, settledCount);
                if (following < 0) {
                    break;
                }
                v = following;
            }
            // accumulation (networkx _accumulate_basic), nodes in reverse settle order;
            // P_w = [predecessor of the last improvement] + equal-length extras, in arrival order
            for (int i = 0; i < settledCount; i++) {
                delta[order[i]] = 0.0;
            }
            int outOffset = sourceNode * n;
            for (int i = settledCount - 1; i >= 0; i--) {
                int w = order[i];
                double coeff = (1 + delta[w]) / sigma[w];
                if (w != s) {
                    int p = order[improvedAt(w)];
                    delta[p] += sigma[p] * coeff;
                }
                if (hasExtra(w)) {
                    int[] extra = extraPreds[w];
                    for (int j = 0, c = extraCount[w]; j < c; j++) {
                        delta[extra[j]] += sigma[extra[j]] * coeff;
                    }
                }
                if (w != s) {
                    dependency[outOffset + rows.node[w]] = delta[w];
                }
            }
        }

        /** Marks v settled; drops its block from the scan once the block has no unsettled node. */
        private void settle(int v) {
            open[v] = SETTLED;
            int b = v / BLOCK;
            if (--unsettledInBlock[b] == 0) {
                int k = Arrays.binarySearch(blocks, 0, liveBlocks, b);
                System.arraycopy(blocks, k + 1, blocks, k, liveBlocks - k - 1);
                liveBlocks--;
            }
        }

        /** A distance in units relative to the base, exact but for the rounding of the subtraction. */
        private double units(double distance) {
            return rows.units(distance) - base;
        }

        /**
         * Settled v's fixed-point distance (its exact distance rounded to a whole unit); moves the base
         * to it first once it is {@link #REBASE_LENGTHS} max|length| away, so that every fixed-point
         * distance stays within ±2²⁹ (the open ones lie within max|length| of v's).
         */
        private int offset(int v) {
            double c = Math.rint(units(closed[v]));
            if (Math.abs(c) > (double) REBASE_LENGTHS * rows.maxUnits) {
                int k = (int) c;
                if (vectorApi) {
                    Lanes.shift(this, k);
                } else {
                    for (int b = 0; b < liveBlocks; b++) {
                        for (int w = blocks[b] * BLOCK, end = w + BLOCK; w < end; w++) {
                            open[w] = open[w] == SETTLED ? SETTLED : open[w] - k;
                        }
                    }
                }
                base += k;
                return 0;
            }
            return (int) c;
        }

        /** Relaxes v's row and returns the next node to settle. */
        private int relax(int v, int cv, int step) {
            int best = vectorApi ? Lanes.scan(this, v, cv, step) : scan(v, cv, step);
            if (best == UNDECIDED) {
                resolve(v, cv, step);
            }
            return best >= 0 ? best : exactMin();
        }

        /**
         * One pass over the unsettled columns of v's row with the fixed-point lengths: every
         * improvement the integers decide is applied; returns the position of the least distance if it
         * is certainly networkx's next pop, else {@link #UNDECIDED} or {@link #UNSURE}.
         * {@link Lanes#scan} is the same pass eight columns at a time.
         */
        private int scan(int v, int cv, int step) {
            int[] fixed = rows.fixed;
            int tol = rows.tol;
            int row = v * rows.stride;
            boolean undecided = false;
            int least = Integer.MAX_VALUE;
            int second = Integer.MAX_VALUE;
            int best = UNSURE;
            for (int k = 0; k < liveBlocks; k++) {
                for (int w = blocks[k] * BLOCK, end = w + BLOCK; w < end; w++) {
                    int sw = open[w];
                    if (sw == SETTLED) {
                        continue;
                    }
                    int nd = cv + fixed[row + w];
                    if (nd + tol < sw) {
                        sw = nd;
                        open[w] = nd;
                        improvedAt[w] = step;
                    } else {
                        undecided |= nd - sw <= tol;
                    }
                    if (sw < least) {
                        second = least;
                        least = sw;
                        best = w;
                    } else if (sw < second) {
                        second = sw;
                    }
                }
            }
            return undecided ? UNDECIDED : (long) second - least <= tol ? UNSURE : best;
        }

        /**
         * Decides with the exact sums the comparisons the float pass left open (|difference| ≤ tol,
         * exact ties included): improvement, or an equal-length path (σ and P grow, networkx's
         * {@code elif vw_dist == seen[w]}).
         */
        private void resolve(int v, int cv, int step) {
            double dist = closed[v];
            int row = v * rows.stride;
            for (int w = 0; w < n; w++) {
                int nda = cv + rows.fixed[row + w];
                if (open[w] != SETTLED && improvedAt[w] != step && Math.abs(nda - open[w]) <= rows.tol) {
                    double nd = dist + rows.length(v, w);
                    double sw = exactOpen(w);
                    if (nd == sw) {
                        if (!hasExtra(w)) {
                            extraSigma[w] = 0.0;
                        }
                        addExtra(w, v, step);
                        extraSigma[w] += sigma[v];
                    } else if (nd < sw) {
                        open[w] = nda;
                        improvedAt[w] = step;
                    }
                }
            }
        }

        /**
         * networkx's next pop among the candidates the floats cannot tell apart: the least exact
         * (distance, step of the last push, node).
         */
        private int exactMin() {
            int min = Integer.MAX_VALUE;
            for (int w = 0; w < n; w++) {
                min = open[w] != SETTLED && open[w] < min ? open[w] : min;
            }
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            int bestStep = Integer.MAX_VALUE;
            for (int w = 0; w < n; w++) {
                if (open[w] != SETTLED && open[w] <= min + rows.tol) {
                    double d = exactOpen(w);
                    int at = improvedAt(w);
                    if (best < 0 || d < bestDist || (d == bestDist
                            && (at < bestStep || (at == bestStep && rows.node[w] < rows.node[best])))) {
                        best = w;
                        bestDist = d;
                        bestStep = at;
                    }
                }
            }
            return best;
        }

        /**
         * Settled nodes are never updated, but an equal-length path still counts. With non-negative
         * lengths pops come in non-decreasing distance and dist + l ≥ dist (rounding is monotone), so
         * only the latest pops, at exactly dist, can match. Otherwise only nodes with |distance − dist|
         * ≤ max|length| (plus rounding) can: scan their buckets, or all settled nodes in order when
         * most of them are that close anyway. The fixed-point lengths rule out almost all candidates
         * without touching the double matrix.
         */
        private void settledEqual(int v, int cv, int step, int settledCount) {
            double dist = closed[v];
            double sigmaV = sigma[v];
            if (rows.minLength >= 0) {
                for (int i = settledCount - 2; i >= 0 && closed[order[i]] == dist; i--) {
                    settledEqual(v, order[i], dist, cv, sigmaV, step);
                }
                return;
            }
            double maxLength = rows.maxLength;
            double margin = maxLength + 4 * Math.ulp(Math.abs(dist) + maxLength);
            int lo = Math.max(bucket(dist - margin) - 1, 0);
            int hi = Math.min(bucket(dist + margin) + 1, head.length - 1);
            int inWindow = 0;
            for (int b = lo; b <= hi; b++) {
                inWindow += bucketSize[b];
            }
            if (2 * inWindow > settledCount) {
                for (int i = 0; i < settledCount - 1; i++) {
                    settledEqual(v, order[i], dist, cv, sigmaV, step);
                }
            } else {
                for (int b = lo; b <= hi; b++) {
                    for (int w = head[b]; w >= 0; w = next[w]) {
                        settledEqual(v, w, dist, cv, sigmaV, step);
                    }
                }
            }
            int bk = bucket(dist);
            next[v] = head[bk];
            head[bk] = v;
            bucketSize[bk]++;
        }

        private void settledEqual(int v, int w, double dist, int cv, double sigmaV, int step) {
            if (Math.abs(cv + rows.fixed[v * rows.stride + w] - units(closed[w])) <= rows.tol
                    && dist + rows.length(v, w) == closed[w]) {
                sigma[w] += sigmaV;
                addExtra(w, v, step);
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

    /**
     * {@link SingleSource#scan} with the JDK vector API, one block (8 ints, 256 bits) per step.
     * Loaded only when jdk.incubator.vector is resolved. Written with blends throughout and no mask
     * carried across iterations: C2 in JDK 17 does not auto-vectorise an arg-min loop, any call or
     * branch inside the loop makes it box the vectors (3× slower), and a carried mask has its boolean
     * form rebuilt every iteration; so undecided comparisons are only recorded here (as the largest
     * −|difference|) and settled afterwards. 512-bit vectors measured slower on JDK 17
     * (docs/benchmarks.md).
     */
    static final class Lanes {
        private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;

        private Lanes() {
        }

        /** Whether 256-bit vectors are native here (otherwise the vector API would emulate them). */
        static boolean usable() {
            return IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && I.length() == BLOCK;
        }

        static int scan(SingleSource ss, int v, int cv, int step) {
            int[] open = ss.open;
            int[] improvedAt = ss.improvedAt;
            int[] fixed = ss.rows.fixed;
            int[] blocks = ss.blocks;
            int row = v * ss.rows.stride;
            int tol = ss.rows.tol;
            IntVector cV = IntVector.broadcast(I, cv);
            IntVector stepV = IntVector.broadcast(I, step);
            IntVector tolV = IntVector.broadcast(I, tol);
            IntVector one = IntVector.broadcast(I, 1);
            IntVector least = IntVector.broadcast(I, Integer.MAX_VALUE);
            IntVector second = least;
            IntVector bestK = IntVector.zero(I);
            IntVector kV = bestK;
            // the largest −|difference| per lane; settled lanes give at most −2^30 (or MIN_VALUE)
            IntVector closest = IntVector.broadcast(I, Integer.MIN_VALUE);
            for (int k = 0, live = ss.liveBlocks; k < live; k++) {
                int w = blocks[k] * BLOCK;
                IntVector nd = IntVector.fromArray(I, fixed, row + w).add(cV);
                IntVector sw = IntVector.fromArray(I, open, w);
                closest = closest.max(nd.sub(sw).abs().neg());
                VectorMask<Integer> better = nd.add(tolV).compare(VectorOperators.LT, sw);
                sw = sw.blend(nd, better);
                sw.intoArray(open, w);
                IntVector.fromArray(I, improvedAt, w).blend(stepV, better).intoArray(improvedAt, w);
                // least and second least per lane; SETTLED - 1 wraps to MAX_VALUE
                IntVector key = sw.sub(one);
                bestK = bestK.blend(kV, key.compare(VectorOperators.LT, least));
                second = second.min(key.max(least));
                least = least.min(key);
                kV = kV.add(one);
            }
            if (closest.reduceLanes(VectorOperators.MAX) >= -tol) {
                return SingleSource.UNDECIDED;
            }
            // the least value is certainly networkx's next pop only if no other column came within tol
            int min = least.reduceLanes(VectorOperators.MIN);
            VectorMask<Integer> candidates = least.compare(VectorOperators.LE, min + tol);
            if (candidates.trueCount() != 1 || second.compare(VectorOperators.LE, min + tol).anyTrue()) {
                return SingleSource.UNSURE;
            }
            int lane = candidates.firstTrue();
            return blocks[bestK.lane(lane)] * BLOCK + lane;
        }

        /** Subtracts k from every unsettled distance of the live blocks (the base moves by k). */
        static void shift(SingleSource ss, int k) {
            int[] open = ss.open;
            int[] blocks = ss.blocks;
            IntVector kV = IntVector.broadcast(I, k);
            IntVector settled = IntVector.broadcast(I, SETTLED);
            for (int b = 0, live = ss.liveBlocks; b < live; b++) {
                int w = blocks[b] * BLOCK;
                IntVector o = IntVector.fromArray(I, open, w);
                o.sub(kV).blend(settled, o.compare(VectorOperators.EQ, settled)).intoArray(open, w);
            }
        }
    }
}
