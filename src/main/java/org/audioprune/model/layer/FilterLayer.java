package org.audioprune.model.layer;

import java.util.Optional;

/**
 * A layer whose output channels are its own filters, which a pruning plan may remove (a conv).
 * Criteria score the rows of its {@link #filterTensor()}; surgery keeps a subset of them.
 */
public interface FilterLayer extends LayerSpec {
    @Override
    String name();

    /** Number of filters (output channels). */
    int outChannels();

    /** The same layer with {@code filters} output channels. */
    FilterLayer withOutChannels(int filters);

    /** Name of the tensor whose rows (axis 0) are the filters, shaped (filters, C, kH, kW). */
    String filterTensor();

    @Override
    default boolean ownsChannels() {
        return true;
    }

    @Override
    default Optional<FilterLayer> asFilterLayer() {
        return Optional.of(this);
    }
}
