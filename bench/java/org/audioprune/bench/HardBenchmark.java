package org.audioprune.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.PruningPipeline;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPresets;
import org.audioprune.stats.PairedComparison;
import org.audioprune.stats.SeedRuns;
import org.audioprune.stats.Summary;
import org.audioprune.train.ClipPredictions;
import org.audioprune.train.Evaluator;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;

/**
 * The hard built-in benchmark end to end, as a demo with several seeds would run it: one render
 * (dataset seed 42), dcase21 baselines with training seeds 1..N, every criterion × configuration
 * pruned from each baseline and fine-tuned with the baseline's seed, then per-cell means with 95 %
 * intervals and paired comparisons (docs/datasets.md, "instruments-hard").
 *
 * <p>Usage: bench/run HardBenchmark [seeds=3] [baselineEpochs=40] [finetuneEpochs=10]
 * [clipsPerClass=160] [clipSeconds=0.5] [criteria=wdc,bc,l1,fpgm,random] [configs=paper,uniform-50]
 * [threads=2] [variant=instruments-hard]: the defaults are the settings proposed for the demo.
 * Renders into a fresh temporary cache root, deleted afterwards.
 */
public final class HardBenchmark {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(); // insertion order: the settings line is stable
        String[] defaults = {"seeds", "3", "baselineEpochs", "40", "finetuneEpochs", "10", "clipsPerClass", "160",
            "clipSeconds", "0.5", "criteria", "wdc,bc,l1,fpgm,random", "configs", "paper,uniform-50", "threads", "2",
            "variant", "instruments-hard"};
        for (int i = 0; i < defaults.length; i += 2) {
            a.put(defaults[i], defaults[i + 1]);
        }
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !a.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + a.keySet());
            }
            a.put(kv[0], kv[1]);
        }
        int seeds = Integer.parseInt(a.get("seeds"));
        int baselineEpochs = Integer.parseInt(a.get("baselineEpochs"));
        int finetuneEpochs = Integer.parseInt(a.get("finetuneEpochs"));
        List<String> criteria = List.of(a.get("criteria").split(","));
        List<String> configs = List.of(a.get("configs").split(","));
        EngineThreads.configure(Integer.parseInt(a.get("threads")));
        System.out.println("settings " + a + ", load " + load());

        Path root = Files.createTempDirectory("audioprune-hard");
        try {
            DatasetOptions options = DatasetOptions.defaults().withCacheRoot(root)
                    .withClipsPerClass(Integer.parseInt(a.get("clipsPerClass")))
                    .withClipSeconds(Double.parseDouble(a.get("clipSeconds")));
            long t0 = System.nanoTime();
            AudioDataset ds = Datasets.open("builtin:" + a.get("variant"), options);
            double render = seconds(t0);
            FrontEnd fe = FrontEnds.byName("dcase21");
            int frames = fe.frames((int) Math.round(options.clipSeconds() * fe.sampleRate())) - 1;
            t0 = System.nanoTime();
            Map<Split, FeatureSet> splits = new FeatureCache(root).allSplits(ds, fe, frames);
            double features = seconds(t0);
            FeatureSet train = splits.get(Split.TRAIN);
            FeatureSet validation = splits.get(Split.VALIDATION);
            FeatureSet test = splits.get(Split.TEST);
            System.out.printf(Locale.ROOT, "data: %d classes, %d train / %d validation / %d test clips, 40 x %d; "
                    + "render %.1f s, features %.1f s (load %s)%n", train.classNames().size(), train.size(),
                    validation.size(), test.size(), frames, render, features, load());

            List<ClipPredictions> baselines = new ArrayList<>();
            Map<String, List<ClipPredictions>> cells = new LinkedHashMap<>();
            double baselineSeconds = 0;
            double finetuneSeconds = 0;
            int finetuneRuns = 0;
            for (int s = 1; s <= seeds; s++) {
                t0 = System.nanoTime();
                Checkpoint base = Trainer.train(Architectures.create("dcase21", train.classNames().size(), fe.nMels(),
                        frames), train, validation, config(baselineEpochs, s)).checkpoint();
                double secs = seconds(t0);
                baselineSeconds += secs;
                ClipPredictions bp = Evaluator.evaluate(base, test, "test").clipPredictions();
                baselines.add(bp);
                System.out.printf(Locale.ROOT, "seed %d baseline: test accuracy %.2f %%, %.1f s (%.2f s/epoch, load %s)%n",
                        s, 100 * SeedRuns.of(List.of(bp)).metric()[0], secs, secs / baselineEpochs, load());
                for (String config : configs) {
                    for (String criterion : criteria) {
                        PruningPipeline.Pruned pruned = PruningPipeline.prune(base,
                                PruningPresets.plan(config, base.spec()),
                                Criterion.byLabel(criterion).builder().optSeed(s).build(), train);
                        t0 = System.nanoTime();
                        Checkpoint tuned = Trainer.train(pruned.checkpoint(), train, validation,
                                config(finetuneEpochs, s)).checkpoint();
                        finetuneSeconds += seconds(t0);
                        finetuneRuns++;
                        ClipPredictions p = Evaluator.evaluate(tuned, test, "test").clipPredictions();
                        cells.computeIfAbsent(criterion + "@" + config, k -> new ArrayList<>()).add(p);
                        System.out.printf(Locale.ROOT, "  %-6s %-10s fine-tuned %.2f %%%n", criterion, config,
                                100 * SeedRuns.of(List.of(p)).metric()[0]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%ntime: baselines %.1f s (%.2f s/epoch), fine-tuning %.1f s (%.2f s/epoch),"
                    + " load %s%n", baselineSeconds, baselineSeconds / seeds / baselineEpochs, finetuneSeconds,
                    finetuneRuns == 0 ? 0 : finetuneSeconds / finetuneRuns / finetuneEpochs, load());
            System.out.println(row("baseline", SeedRuns.of(baselines)));
            cells.forEach((cell, runs) -> System.out.println(row(cell, SeedRuns.of(runs))));
            for (String config : configs) {
                List<PairedComparison> family = new ArrayList<>();
                for (String graph : List.of("wdc", "bc")) {
                    for (String other : List.of("l1", "random")) {
                        if (cells.containsKey(graph + "@" + config) && cells.containsKey(other + "@" + config)) {
                            family.add(PairedComparison.of(graph, SeedRuns.of(cells.get(graph + "@" + config)), other,
                                    SeedRuns.of(cells.get(other + "@" + config))));
                        }
                    }
                }
                if (cells.containsKey("l1@" + config) && cells.containsKey("random@" + config)) {
                    family.add(PairedComparison.of("l1", SeedRuns.of(cells.get("l1@" + config)), "random",
                            SeedRuns.of(cells.get("random@" + config))));
                }
                for (PairedComparison c : PairedComparison.holm(family)) {
                    StringBuilder perClip = new StringBuilder();
                    c.mcNemar().forEach(m -> perClip.append(String.format(Locale.ROOT, " %+d/%d p=%.3f",
                            m.onlyA() - m.onlyB(), m.onlyA() + m.onlyB(), m.pValue())));
                    System.out.println(config + ": " + c.sentence() + "; McNemar per seed (net/discordant):" + perClip);
                }
            }
        } finally {
            org.audioprune.io.AtomicFiles.deleteRecursively(root);
        }
    }

    private static String row(String name, SeedRuns runs) {
        Summary s = runs.summary();
        StringBuilder values = new StringBuilder();
        for (double m : runs.metric()) {
            values.append(String.format(Locale.ROOT, " %.2f", 100 * m));
        }
        return String.format(Locale.ROOT, "| %-18s | %6.2f %% | %s | sd %.2f |%s |", name, 100 * s.mean(),
                s.interval().defined() ? String.format(Locale.ROOT, "[%.2f, %.2f]", 100 * s.interval().lower(),
                        100 * s.interval().upper()) : "—", 100 * s.standardDeviation(), values);
    }

    private static TrainingConfig config(int epochs, long seed) {
        return new TrainingConfig(epochs, 32, 1e-3f, seed, false, false, false);
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
