package org.audioprune.data;

import java.util.List;

/** A labelled audio dataset on disk, already split. Engine-free: no DJL types here. */
public interface AudioDataset {
    /** The {@code KIND:PATH} string it was opened from. */
    String spec();

    /** Class names; label indices point into this list. */
    List<String> classNames();

    /** True for tagging data (several labels per clip), false for one label per clip. */
    boolean multiLabel();

    /** The clips of one split, in a deterministic order. */
    List<Clip> clips(Split split);
}
