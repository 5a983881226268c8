package org.audioprune.model.layer;

import java.util.Map;

/**
 * What surgery keeps of one layer ({@link LayerSpec#cut}): the indices of its output channels (or
 * features) that survive, and for each of its tensors the indices kept along each axis.
 *
 * @param liveOutputs surviving output channels, ascending; null = all
 * @param keptIndices tensor name → per axis the kept indices, ascending (null = the whole axis)
 */
public record ChannelCut(int[] liveOutputs, Map<String, int[][]> keptIndices) {
}
