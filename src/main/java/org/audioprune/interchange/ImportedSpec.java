package org.audioprune.interchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.LayerSpec;

/** The one place the importers build a spec: a named family with the widths found in the file. */
final class ImportedSpec {
    private ImportedSpec() {
    }

    /**
     * The family's network for {@code classes} outputs and an input of {@code nMels} × frames
     * (the family's 10 s default when {@code frames} is null), with the given conv widths and
     * {@code hidden} outputs of the first dense layer (a pruned or reduced file may have its own).
     */
    static ArchitectureSpec of(String family, int classes, int nMels, Integer frames, Map<String, Integer> convWidths,
                               int hidden) {
        ArchitectureSpec base = Architectures.create(family, classes);
        ArchitectureSpec spec = Architectures.create(family, classes, nMels,
                frames == null ? base.input().frames() : frames).withConvWidths(convWidths);
        List<LayerSpec> layers = new ArrayList<>(spec.layers());
        int first = -1;
        for (int i = 0; i < layers.size() && first < 0; i++) {
            if (layers.get(i) instanceof LayerSpec.Dense) {
                first = i;
            }
        }
        LayerSpec.Dense d = (LayerSpec.Dense) layers.get(first);
        if (d.outFeatures() == hidden) {
            return spec;
        }
        if (hidden < 1) {
            throw new AudioPruneException("dense layer " + d.name() + " needs at least 1 output, got " + hidden);
        }
        layers.set(first, new LayerSpec.Dense(d.name(), d.inFeatures(), hidden, d.activation()));
        for (int i = first + 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Dense next) {
                layers.set(i, next.withInFeatures(hidden));
                break;
            }
        }
        return new ArchitectureSpec(spec.name(), spec.frontEnd(), spec.input(), spec.numClasses(), spec.multiLabel(),
                layers);
    }
}
