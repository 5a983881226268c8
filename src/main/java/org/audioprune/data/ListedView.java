package org.audioprune.data;

import java.util.List;

/**
 * A dataset whose splits and classes are those of a {@link ListedDataset}; implementations add
 * how their clips are read (packed waveforms, precomputed features).
 */
interface ListedView extends AudioDataset {
    ListedDataset listed();

    @Override
    default String spec() {
        return listed().spec();
    }

    @Override
    default List<String> classNames() {
        return listed().classNames();
    }

    @Override
    default boolean multiLabel() {
        return listed().multiLabel();
    }

    @Override
    default List<Clip> clips(Split split) {
        return listed().clips(split);
    }
}
