package org.audioprune.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** An {@link AudioDataset} whose splits are already listed in memory. */
final class ListedDataset implements AudioDataset {
    private final String spec;
    private final List<String> classNames;
    private final boolean multiLabel;
    private final Map<Split, List<Clip>> splits = new EnumMap<>(Split.class);

    ListedDataset(String spec, List<String> classNames, boolean multiLabel, List<Clip> train,
            List<Clip> validation, List<Clip> test) {
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.multiLabel = multiLabel;
        splits.put(Split.TRAIN, List.copyOf(train));
        splits.put(Split.VALIDATION, List.copyOf(validation));
        splits.put(Split.TEST, List.copyOf(test));
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public boolean multiLabel() {
        return multiLabel;
    }

    @Override
    public List<Clip> clips(Split split) {
        return splits.get(split);
    }

    @Override
    public String toString() {
        return spec;
    }
}
