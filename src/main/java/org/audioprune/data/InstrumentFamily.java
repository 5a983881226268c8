package org.audioprune.data;

import java.util.List;

/**
 * A General MIDI instrument family of the built-in dataset.
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
}
