package org.audioprune.data;

import java.util.List;

/**
 * A class of the built-in datasets: a General MIDI instrument family (or a single program) and the
 * keys it is played in.
 *
 * @param name     class name
 * @param programs GM programs (0-based) drawn from; empty for the drum kit
 * @param lowKey   lowest MIDI key drawn (drums: lowest percussion key)
 * @param highKey  highest MIDI key drawn
 */
public record InstrumentFamily(String name, List<Integer> programs, int lowKey, int highKey) {
    /** GM percussion lives on MIDI channel 10 (index 9). */
    static final int DRUM_CHANNEL = 9;

    public InstrumentFamily {
        programs = List.copyOf(programs);
    }

    public boolean drums() {
        return programs.isEmpty();
    }

    /**
     * The families rendered, in class-index order. Programs and key ranges follow each family's
     * usual register. Synth lead (GM 80-87) is left out: in Gervill's emergency soundbank programs
     * 80/81 render exactly like organ programs 16/17 (see docs/datasets.md).
     */
    public static final List<InstrumentFamily> ALL = List.of(
            new InstrumentFamily("piano", List.of(0, 1, 2), 36, 84),
            new InstrumentFamily("chromatic-percussion", List.of(8, 9, 11, 12, 13), 60, 96),
            new InstrumentFamily("organ", List.of(16, 17, 19), 36, 84),
            new InstrumentFamily("guitar", List.of(24, 25, 26, 27), 40, 76),
            new InstrumentFamily("bass", List.of(32, 33, 34, 35), 28, 52),
            new InstrumentFamily("strings", List.of(40, 41, 42, 48), 43, 88),
            new InstrumentFamily("brass", List.of(56, 57, 60, 61), 40, 76),
            new InstrumentFamily("reed", List.of(64, 65, 66, 71), 50, 80),
            new InstrumentFamily("pipe", List.of(72, 73, 74), 60, 96),
            new InstrumentFamily("drums", List.of(), 35, 57));

    /**
     * The classes of {@code instruments-hard}: every pitched General MIDI program that renders
     * distinctly with the shipped soundbank (programs rendering identically to one listed here are
     * left out; docs/datasets.md), all played in one shared register, C3–C5, so that pitch says
     * nothing about the class. Close pairs remain on purpose (the two acoustic pianos, oboe and
     * bassoon, violin and string ensemble, fretless and synth bass).
     */
    public static final List<InstrumentFamily> PROGRAMS = programs(48, 72,
            "acoustic-grand-piano", 0, "bright-acoustic-piano", 1, "electric-grand-piano", 2, "honky-tonk-piano", 3,
            "electric-piano", 4, "harpsichord", 6, "glockenspiel", 9, "drawbar-organ", 16, "church-organ", 19,
            "nylon-guitar", 24, "overdriven-guitar", 29, "acoustic-bass", 32, "fretless-bass", 35, "synth-bass", 38,
            "violin", 40, "timpani", 47, "string-ensemble-1", 48, "string-ensemble-2", 49, "choir-aahs", 52,
            "trumpet", 56, "trombone", 57, "french-horn", 60, "brass-section", 61, "soprano-sax", 64, "oboe", 68,
            "bassoon", 70, "clarinet", 71, "flute", 73);

    /** One class per (name, program) pair, all in keys {@code low..high}. */
    private static List<InstrumentFamily> programs(int low, int high, Object... namesAndPrograms) {
        List<InstrumentFamily> out = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndPrograms.length; i += 2) {
            out.add(new InstrumentFamily((String) namesAndPrograms[i], List.of((Integer) namesAndPrograms[i + 1]),
                    low, high));
        }
        return List.copyOf(out);
    }
}
