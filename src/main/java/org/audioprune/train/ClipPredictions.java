package org.audioprune.train;

import java.util.List;

/**
 * What a network predicted for every clip of one split, in the feature set's clip order: the input
 * of per-clip paired tests between two networks on the same clips (exact McNemar on per-clip
 * correctness, a paired bootstrap of mAP; {@code org.audioprune.stats}).
 *
 * @param clipIds       the clips' ids
 * @param labels        each clip's true class indices (one for single-label data)
 * @param predicted     single-label: each clip's predicted class (argmax of the logits, as the
 *                      accuracy counts it); null for multi-label data
 * @param probabilities (clips × classes): softmax probabilities (single-label) or per-class sigmoid
 *                      probabilities (multi-label), as the log-loss and mAP use them
 */
public record ClipPredictions(List<String> clipIds, List<List<Integer>> labels, int[] predicted,
                              double[][] probabilities) {
    public ClipPredictions {
        clipIds = List.copyOf(clipIds);
        labels = List.copyOf(labels);
        if (clipIds.size() != labels.size() || clipIds.size() != probabilities.length
                || (predicted != null && predicted.length != clipIds.size())) {
            throw new IllegalArgumentException("clip ids, labels, predictions and probabilities differ in length");
        }
    }

    public int size() {
        return clipIds.size();
    }

    /** Single-label: whether each clip's predicted class is its label. */
    public boolean[] correct() {
        if (predicted == null) {
            throw new IllegalStateException("multi-label predictions have no per-clip correctness");
        }
        boolean[] correct = new boolean[size()];
        for (int i = 0; i < correct.length; i++) {
            correct[i] = predicted[i] == labels.get(i).get(0);
        }
        return correct;
    }

    /** (clips × classes) true where the clip carries the class. */
    public boolean[][] truth() {
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        boolean[][] truth = new boolean[size()][classes];
        for (int i = 0; i < truth.length; i++) {
            for (int c : labels.get(i)) {
                truth[i][c] = true;
            }
        }
        return truth;
    }
}
