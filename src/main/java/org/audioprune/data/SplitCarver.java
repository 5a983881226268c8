package org.audioprune.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Moves a seeded share of clips out of a list (validation out of training, or test out of a
 * folder dataset). Clips sharing a group key (one TAU recording, one ESC-50 source file) move
 * together; for single-label data the share is taken per class, so every class with at least two
 * groups keeps at least one group on each side.
 */
final class SplitCarver {
    /** The clips that stay and the clips carved out, each in the input order. */
    record Parts(List<Clip> kept, List<Clip> carved) {
    }

    /** Offsets the validation seed so test and validation carves draw different permutations. */
    static final long TEST_SEED_SALT = 0x7E57_7E57L;

    private SplitCarver() {
    }

    /**
     * The three splits of a layout that lists training clips and perhaps test clips: without a test
     * list, a seeded {@link DatasetOptions#testFraction()} of the training clips becomes the test
     * split; then {@link DatasetOptions#validationFraction()} of what is left becomes validation.
     */
    static ListedDataset listed(String spec, List<String> classNames, boolean multiLabel, List<Clip> train,
            List<Clip> test, DatasetOptions options) {
        List<Clip> rest = train;
        List<Clip> testClips = test;
        if (test == null) {
            Parts parts = carve(train, Clip::id, !multiLabel, options.testFraction(), options.seed() ^ TEST_SEED_SALT);
            rest = parts.kept();
            testClips = parts.carved();
        }
        Parts parts = carve(rest, Clip::id, !multiLabel, options.validationFraction(), options.seed());
        return new ListedDataset(spec, classNames, multiLabel, parts.kept(), parts.carved(), testClips);
    }

    static Parts carve(List<Clip> clips, Function<Clip, String> groupOf, boolean stratify, double fraction,
            long seed) {
        if (fraction <= 0 || clips.isEmpty()) {
            return new Parts(clips, List.of());
        }
        // group -> clip count, in first-seen order so the result depends only on the input order
        Map<String, Integer> groupSizes = new LinkedHashMap<>();
        Map<String, Integer> groupClass = new LinkedHashMap<>();
        for (Clip c : clips) {
            String g = groupOf.apply(c);
            groupSizes.merge(g, 1, Integer::sum);
            groupClass.putIfAbsent(g, stratify ? c.labels().get(0) : 0);
        }
        Map<Integer, List<String>> groupsByClass = new TreeMap<>();
        groupClass.forEach((g, cls) -> groupsByClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(g));

        Random random = new Random(seed);
        Set<String> carvedGroups = new HashSet<>();
        for (List<String> groups : groupsByClass.values()) {
            Collections.shuffle(groups, random);
            int total = groups.stream().mapToInt(groupSizes::get).sum();
            long target = Math.round(fraction * total);
            int taken = 0;
            // at least one group when the class can spare it, never all of them
            for (int i = 0; i < groups.size() - 1 && (taken < target || (i == 0 && stratify)); i++) {
                carvedGroups.add(groups.get(i));
                taken += groupSizes.get(groups.get(i));
            }
        }
        List<Clip> kept = new ArrayList<>();
        List<Clip> carved = new ArrayList<>();
        for (Clip c : clips) {
            (carvedGroups.contains(groupOf.apply(c)) ? carved : kept).add(c);
        }
        return new Parts(kept, carved);
    }
}
