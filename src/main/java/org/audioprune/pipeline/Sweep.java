package org.audioprune.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetRef;
import org.audioprune.data.FeatureShards;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.PrecomputedFeatures;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.Sensitivity;
import org.audioprune.report.Environment;
import org.audioprune.report.Latency;
import org.audioprune.report.MarkdownReport;
import org.audioprune.report.SweepReport;
import org.audioprune.report.SweepReportWriter;
import org.audioprune.stats.PairedComparison;
import org.audioprune.stats.SeedRuns;
import org.audioprune.stats.Summary;
import org.audioprune.work.EngineKind;
import org.audioprune.work.LocalWorkEngine;
import org.audioprune.work.UnitJob;
import org.audioprune.work.UnitStore;
import org.audioprune.work.WorkEngine;

/**
 * A sweep: every baseline × criterion × configuration × fine-tuning seed as a unit of work,
 * recorded in the output folder when it finishes ({@link UnitStore}: its own folder, completion
 * marker last). Killed at any moment and started again with the same options it continues and
 * never redoes a finished unit; an option that would make finished units invalid is refused,
 * naming the option. Then the report: per cell the mean and 95 % interval, paired comparisons
 * between criteria, the claim check, plots.
 *
 * <pre>
 *   OUT/.audioprune-output  marks the folder as a sweep's (or the demo's) ({@link OutputKind})
 *   OUT/baselines/     unit store of trained baselines (b0, b1, ...: baseline.ckpt)
 *   OUT/runs/          unit store of pruning runs (b0-wdc-paper-s0, ...: network.ckpt)
 *   OUT/states/        training states of units in progress: a killed unit's training continues
 *   OUT/report/        the report, replaced as a whole on every run
 * </pre>
 */
public final class Sweep {
    public static final String REPORT = "report";
    /** Training states of the units in progress (deleted as each finishes). */
    static final String STATES = "states";

    private final SweepSettings settings;
    private final Path out;
    private final OutputKind kind;
    private final PrintWriter log;

    /** @param kind what {@code out} is: {@link OutputKind#SWEEP}, or {@link OutputKind#DEMO} for the demo's */
    public Sweep(SweepSettings settings, Path out, OutputKind kind, PrintWriter log) {
        this.settings = settings;
        this.out = out;
        this.kind = kind;
        this.log = log;
    }

    /** What a sweep produced: the report and the units run and reused. */
    public record Outcome(SweepReport report, int computed, int reused) {
    }

    /** Runs the sweep in this process ({@link LocalWorkEngine}, {@code settings.threads()} per unit). */
    public Outcome run() {
        try (WorkEngine engine = new LocalWorkEngine(settings.threads())) {
            return run(engine);
        }
    }

    /**
     * Runs the sweep's units on {@code engine} (which the caller closes): every process it uses must
     * see the dataset, the feature cache and the output folder under the same paths.
     */
    public Outcome run(WorkEngine engine) {
        long start = System.nanoTime();
        checkOutputFolder();
        // everything is checked before anything is written: the dataset, the baseline, every plan
        step("dataset " + settings.dataset());
        SweepWork probe = new SweepWork(settings, null, null);
        AudioDataset ds = probe.dataset();
        List<String> baselineIds = new ArrayList<>();
        ArchitectureSpec spec;
        if (settings.checkpoint() != null) {
            spec = probe.baseline(SweepUnits.Run.GIVEN).spec();
            baselineIds.add(SweepUnits.Run.GIVEN);
        } else {
            int frames = settings.frames() != null ? settings.frames() : Splits.defaultFrames(settings.model(), ds);
            spec = probe.architecture(ds, frames);
        }
        for (String config : settings.configurations()) {
            for (Criterion c : settings.criteria()) {
                probe.plan(config, spec, c.label()); // a bad preset or an unreachable budget fails here
            }
        }
        // a changed defining option is refused here, naming it
        Map<String, String> defining = settings.definingOptions();
        UnitStore runStore = UnitStore.open(out.resolve("runs"), defining);
        UnitStore baselineStore = settings.checkpoint() == null ? UnitStore.open(out.resolve("baselines"), defining)
                : null;
        kind.writeMarker(out);
        if (engine.kind() != EngineKind.LOCAL && !(ds instanceof PrecomputedFeatures)) {
            // every unit reads these: computed once, before the units, as shards on the same engine
            // (two executors' first units would otherwise race to write the same cache entry)
            step("features on the " + engine.kind().label() + " engine");
            UnitJob.Outcome<?> shards = FeatureShards.compute(DatasetRef.of(settings.dataset(),
                    settings.datasetOptions()), FrontEnds.of(spec.frontEnd()), spec.input().frames(), 0, engine).shards();
            log.printf(Locale.ROOT, "    %s%n", shards == null ? "cached" : shards.computed() + " shards computed, "
                    + shards.reused() + " reused" + retried(shards));
        }
        SweepWork work = new SweepWork(settings, baselineStore, out.resolve(STATES));
        List<SweepUnits.Baseline> baselineUnits = new ArrayList<>();
        for (int b = 0; baselineStore != null && b < settings.baselineSeeds(); b++) {
            baselineUnits.add(new SweepUnits.Baseline(b));
            baselineIds.add(baselineUnits.get(b).id());
        }
        List<SweepUnits.Run> runUnits = new ArrayList<>();
        for (String b : baselineIds) {
            for (String config : settings.configurations()) {
                for (Criterion c : settings.criteria()) {
                    for (int s = 0; s < settings.seeds(); s++) {
                        runUnits.add(new SweepUnits.Run(b, c.label(), config.trim(), s));
                    }
                }
            }
        }
        int computed = 0;
        int reused = 0;
        List<SweepUnits.BaselineRow> baselineRows = new ArrayList<>();
        if (baselineStore != null) {
            step(String.format(Locale.ROOT, "baselines: %d × %s, %d epochs", baselineUnits.size(),
                    settings.model(), settings.baselineEpochs()));
            UnitJob.Outcome<SweepUnits.BaselineRow> o = new UnitJob<>("baselines", baselineStore, baselineUnits,
                    work.baselines(), SweepUnits.BaselineRow.class).run(engine);
            baselineRows.addAll(o.results());
            computed += o.computed();
            reused += o.reused();
            log.printf(Locale.ROOT, "    %d trained, %d reused%s%n", o.computed(), o.reused(), retried(o));
        }
        step(String.format(Locale.ROOT, "runs: %d baseline(s) × %d configuration(s) × %d criteria × %d seed(s) "
                + "= %d units, fine-tuning %d epochs", baselineIds.size(), settings.configurations().size(),
                settings.criteria().size(), settings.seeds(), runUnits.size(), settings.finetuneEpochs()));
        UnitJob.Outcome<SweepUnits.RunRow> o = new UnitJob<>("sweep", runStore, runUnits, work.runs(),
                SweepUnits.RunRow.class).run(engine);
        computed += o.computed();
        reused += o.reused();
        log.printf(Locale.ROOT, "    %d computed, %d reused%s (%s)%n", o.computed(), o.reused(), retried(o),
                runStore.root());
        if (baselineStore == null) {
            baselineRows.add(givenBaseline(work));
        }
        step("report" + (settings.latency() != null ? " (latency: each network in its fastest inference form, "
                + "batch 1 and 64, intra-op threads " + settings.latency().threads() + ", interleaved rounds)" : ""));
        SweepReport report = report(work, spec, baselineRows, o.results(), runStore,
                (System.nanoTime() - start) / 1e9);
        SweepReportWriter.write(report, out.resolve(REPORT));
        return new Outcome(report, computed, reused);
    }

    /** ", N failed attempts retried" when an engine retried units (lost with their executor), else nothing. */
    private static String retried(UnitJob.Outcome<?> o) {
        return o.failedAttempts() > 0 ? ", " + o.failedAttempts() + " failed attempts retried" : "";
    }

    /** The output folder is new, empty, or one of this kind (the commands check it with {@link OutputGuard} first). */
    private void checkOutputFolder() {
        if (!kind.replaceable(out)) {
            throw new AudioPruneException("--out " + out + " exists and is not a " + kind.label() + " ("
                    + (Files.isDirectory(out) ? "no " + OutputKind.MARKER + " of one" : "a file")
                    + "); choose a new or empty folder");
        }
    }

    /** The given checkpoint as a baseline row. */
    private SweepUnits.BaselineRow givenBaseline(SweepWork work) {
        Checkpoint base = work.baseline(SweepUnits.Run.GIVEN);
        FeatureSet test = work.splits(base.spec().input().frames(), base.frontEnd()).test();
        Complexity c = Complexity.of(PruningPipeline.canonical(base.spec()));
        return new SweepUnits.BaselineRow(SweepUnits.Run.GIVEN, settings.seed(), c.params(), c.macs(),
                PruningPipeline.metric(base, test));
    }

    private SweepReport report(SweepWork work, ArchitectureSpec spec, List<SweepUnits.BaselineRow> baselines,
                               List<SweepUnits.RunRow> runs, UnitStore runStore, double seconds) {
        Map<String, Double> baseMetric = new LinkedHashMap<>();
        baselines.forEach(b -> baseMetric.put(b.unit(), b.metric()));
        // latency: one network per distinct architecture (every run of a cell has the same widths)
        Map<String, Checkpoint> byWidths = new LinkedHashMap<>();
        Checkpoint firstBase = work.baseline(baselines.get(0).unit());
        byWidths.put(firstBase.spec().convWidths().toString(), firstBase);
        for (SweepUnits.RunRow r : runs) {
            byWidths.computeIfAbsent(r.widths().toString(), k -> Checkpoint.load(runStore.folder(r.unit())
                    .resolve(SweepWork.NETWORK)));
        }
        Map<String, PruningPipeline.Measured> latency = new LinkedHashMap<>();
        if (settings.latency() != null) {
            List<PruningPipeline.Measured> t = PruningPipeline.latencies(List.copyOf(byWidths.values()),
                    settings.latency());
            int i = 0;
            for (String k : byWidths.keySet()) {
                latency.put(k, t.get(i++));
            }
        }
        PruningPipeline.Measured none = PruningPipeline.Measured.none();
        PruningPipeline.Measured baseLatency = latency.getOrDefault(firstBase.spec().convWidths().toString(), none);
        SweepReport.Baseline base = new SweepReport.Baseline(
                Summary.of(baselines.stream().mapToDouble(SweepUnits.BaselineRow::metric).toArray()),
                baselines.get(0).params(), baselines.get(0).macs(), baseLatency.batch1(), baseLatency.batch64());

        List<SweepReport.Cell> cells = new ArrayList<>();
        List<SweepReport.Comparison> comparisons = new ArrayList<>();
        List<PairedComparison> claimed = new ArrayList<>();
        List<String> claimConfigs = new ArrayList<>();
        Map<String, Map<String, List<SweepUnits.RunRow>>> grid = new LinkedHashMap<>();
        for (SweepUnits.RunRow r : runs) {
            grid.computeIfAbsent(r.configuration(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.criterion(), k -> new ArrayList<>()).add(r);
        }
        grid.forEach((config, byCriterion) -> {
            Map<String, SeedRuns> seedRuns = new LinkedHashMap<>();
            byCriterion.forEach((criterion, rows) -> {
                SweepUnits.RunRow first = rows.get(0);
                PruningPipeline.Measured lat = latency.getOrDefault(first.widths().toString(), none);
                cells.add(new SweepReport.Cell(config, criterion, first.plan(), first.params(), first.macs(),
                        Summary.of(rows.stream().mapToDouble(SweepUnits.RunRow::prunedMetric).toArray()),
                        first.finetuned() ? Summary.of(rows.stream().mapToDouble(SweepUnits.RunRow::finetunedMetric)
                                .toArray()) : null,
                        Summary.of(rows.stream().mapToDouble(r -> 100 * (r.last() - baseMetric.get(r.baseline())))
                                .toArray()), lat.batch1(), lat.batch64()));
                // every criterion of a configuration has the same runs in the same order (baseline, then seed)
                seedRuns.put(criterion, new SeedRuns(rows.stream().mapToDouble(SweepUnits.RunRow::last).toArray(),
                        rows.stream().map(r -> SweepWork.predictions(runStore.folder(r.unit()))).toList()));
            });
            List<String> names = List.copyOf(byCriterion.keySet());
            List<PairedComparison> all = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    all.add(PairedComparison.of(names.get(i), seedRuns.get(names.get(i)), names.get(j),
                            seedRuns.get(names.get(j))));
                }
            }
            PairedComparison.holm(all).forEach(c -> comparisons.add(new SweepReport.Comparison(config, c)));
            for (PairedComparison c : SweepClaims.family(seedRuns)) {
                claimed.add(c);
                claimConfigs.add(config);
            }
        });
        List<Sensitivity> guides = new ArrayList<>();
        if (settings.sensitivity() != null) {
            settings.criteria().forEach(c -> guides.add(work.guide(c.label())));
        }
        List<SweepReport.UnitRow> units = runs.stream().map(r -> new SweepReport.UnitRow(r.unit(), r.baseline(),
                r.criterion(), r.configuration(), r.seed(), r.plan(), r.params(), r.macs(), r.prunedMetric(),
                r.finetunedMetric())).toList();
        FeatureSet test = work.splits(spec.input().frames(), spec.frontEnd()).test();
        return new SweepReport(spec.name(), settings.dataset(), test.multiLabel() ? "mAP" : "accuracy",
                settings.command(), Environment.current(), base, cells, comparisons,
                SweepClaims.check(cells, claimConfigs, claimed), notes(test, seconds, base, cells), units, guides);
    }

    private List<String> notes(FeatureSet test, double seconds, SweepReport.Baseline base, List<SweepReport.Cell> cells) {
        List<String> notes = new ArrayList<>();
        String latency = MarkdownReport.latencyNote(base.latencyBatch1(), base.latencyBatch64());
        if (!latency.isEmpty()) {
            // one line per distinct form pair: cells of the same architecture share it
            Map<String, List<String>> byForms = new LinkedHashMap<>();
            byForms.computeIfAbsent(formPair(base.latencyBatch1(), base.latencyBatch64()), k -> new ArrayList<>())
                    .add("baseline");
            cells.forEach(c -> byForms.computeIfAbsent(formPair(c.latencyBatch1(), c.latencyBatch64()),
                    k -> new ArrayList<>()).add(c.configuration() + "/" + c.criterion()));
            StringBuilder forms = new StringBuilder(latency).append(" Inference forms (batch 1; batch 64):");
            byForms.forEach((pair, who) -> forms.append(' ').append(String.join(", ", who)).append(": ").append(pair)
                    .append('.'));
            notes.add(forms.toString());
        }
        notes.add(String.format(Locale.ROOT, "%s on %s: %d test clips; %s; %d criteria × %d configurations × %d "
                + "fine-tuning seed(s); fine-tuning %d epochs (Adam lr %s, batch %d), model selection on the validation "
                + "split.", settings.checkpoint() != null ? "baseline " + settings.checkpoint()
                : settings.baselineSeeds() + " baseline(s) trained " + settings.baselineEpochs() + " epochs",
                settings.dataset(), test.size(), "base seed " + settings.seed(), settings.criteria().size(),
                settings.configurations().size(), settings.seeds(), settings.finetuneEpochs(),
                settings.learningRate(), settings.batchSize()));
        notes.add("Intervals are 95 % t-intervals over the runs of a cell (baselines × seeds); Δ is the run's final "
                + "metric minus its own baseline's, in points. Comparisons pair the runs of two criteria by baseline "
                + "and seed (org.audioprune.stats, docs/statistics.md), Holm-adjusted over the pairs of a "
                + "configuration; the claim check over its own family. Params and MACs at the network's reference "
                + "input.");
        notes.add(String.format(Locale.ROOT, "Data and units took %.0f s in this run (finished units of earlier runs "
                + "are reused, not timed again; the latency measurement and the report come after).", seconds));
        return notes;
    }

    private static String formPair(Latency batch1, Latency batch64) {
        return "`" + batch1.form() + "`; `" + batch64.form() + "`";
    }

    private void step(String what) {
        log.println("==> " + what);
        log.flush();
    }
}
