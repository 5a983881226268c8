package org.audioprune.train;

import org.audioprune.AudioPruneException;

/**
 * Settings of one training (or fine-tuning) run.
 *
 * @param epochs       passes over the training split
 * @param batchSize    clips per Adam step
 * @param learningRate Adam learning rate
 * @param seed         seeds initialisation, dropout, shuffling and augmentation
 * @param specAugment  mask 2 time stripes (≤ 64 frames) and 2 frequency stripes (≤ 8 bands) per training clip
 * @param mixup        mix random pairs with λ ~ Beta(1, 1), inputs and targets alike
 * @param progress     show a progress bar on stderr
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, long seed, boolean specAugment,
                             boolean mixup, boolean progress) {
    public TrainingConfig {
        if (epochs < 1) {
            throw new AudioPruneException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new AudioPruneException("--batch-size must be at least 2 (batch normalisation), got " + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new AudioPruneException("--lr must be a positive number, got " + learningRate);
        }
    }
}
