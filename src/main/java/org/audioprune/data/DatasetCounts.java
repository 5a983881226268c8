package org.audioprune.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Clips per split and per class of a dataset (a multi-label clip counts once for every class it
 * carries), and per recording device where the layout names devices.
 *
 * @param perClass  class name → clips per split, indexed by {@link Split#ordinal()}, in class order
 * @param totals    clips per split
 * @param perDevice device → clips per split, devices sorted; empty without devices
 */
public record DatasetCounts(String spec, boolean multiLabel, Map<String, int[]> perClass, int[] totals,
                            Map<String, int[]> perDevice) {

    public static DatasetCounts of(AudioDataset ds) {
        List<String> classes = ds.classNames();
        int splits = Split.values().length;
        List<int[]> byClass = new ArrayList<>();
        classes.forEach(c -> byClass.add(new int[splits]));
        int[] totals = new int[splits];
        Map<String, int[]> devices = new TreeMap<>();
        for (Split s : Split.values()) {
            for (Clip clip : ds.clips(s)) {
                totals[s.ordinal()]++;
                clip.labels().forEach(c -> byClass.get(c)[s.ordinal()]++);
                if (clip.device() != null) {
                    devices.computeIfAbsent(clip.device(), d -> new int[splits])[s.ordinal()]++;
                }
            }
        }
        Map<String, int[]> perClass = new java.util.LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            perClass.put(classes.get(c), byClass.get(c));
        }
        return new DatasetCounts(ds.spec(), ds.multiLabel(), perClass, totals, devices);
    }
}
