package org.audioprune.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.audioprune.audio.FrontEnds;
import org.audioprune.model.Architectures;
import org.audioprune.pipeline.DemoSettings;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPresets;

/**
 * Lists that {@code --help} texts take from the registries, so that they never drift from the code:
 * a description says {@code ${bundle:registry-criteria}} and picocli fills it in from here. (Annotation values
 * must be constants; a resource bundle is picocli's way to supply text computed at run time.)
 */
public final class HelpTexts extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"registry-criteria", criteria()},
            {"registry-models", String.join(", ", Architectures.names())},
            {"registry-front-ends", String.join(", ", FrontEnds.names())},
            {"registry-presets", presets()},
            {"registry-demo-criteria", DemoSettings.CRITERIA.stream().map(Criterion::label).collect(Collectors.joining(", "))},
            {"registry-demo-configs", String.join(", ", DemoSettings.CONFIGURATIONS)},
            {"registry-demo-clips", fullAndQuick(DemoSettings::clipsPerClass)},
            {"registry-demo-epochs", fullAndQuick(DemoSettings::baselineEpochs)},
            {"registry-demo-finetune-epochs", fullAndQuick(DemoSettings::finetuneEpochs)},
            {"registry-demo-seeds", fullAndQuick(DemoSettings::seeds)},
            {"registry-demo-baseline-seeds", fullAndQuick(DemoSettings::baselineSeeds)},
        };
    }

    /** Every criterion, grouped: "the paper's graph criteria: wdc, ...; baselines: ...". */
    static String criteria() {
        List<String> groups = new ArrayList<>();
        for (Criterion.Group g : Criterion.Group.values()) {
            groups.add(g.title() + ": " + Criterion.of(g).stream().map(Criterion::label).collect(Collectors.joining(", ")));
        }
        return String.join("; ", groups);
    }

    /** "200, or 24 with --quick": a demo default of the full run and of the smoke run. */
    private static String fullAndQuick(ToIntFunction<DemoSettings> setting) {
        return setting.applyAsInt(DemoSettings.full(0, null)) + ", or " + setting.applyAsInt(DemoSettings.quick(0, null))
                + " with --quick";
    }

    /** Every architecture's preset names: "dcase21: uniform-25, ..., paper; cnn14: ...". */
    private static String presets() {
        return Architectures.names().stream()
                .map(a -> a + ": " + String.join(", ", PruningPresets.names(Architectures.create(a))))
                .collect(Collectors.joining("; "));
    }
}
