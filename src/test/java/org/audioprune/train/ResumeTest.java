package org.audioprune.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.io.OutputKind;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 6: a run continued from its saved state ends with the same bits as one that never
 * stopped. The state after epoch k is the same whatever the total, so "trained k epochs, state kept"
 * is an interrupted run; {@code ResumeKillTest} kills a real one. Dropout (the engine's generator,
 * replayed), SpecAugment and mixup (the saved Random) and Adam's moments are all in play.
 */
class ResumeTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void singleThread() {
        EngineThreads.configure(1);
    }

    static final ArchitectureSpec SPEC = Architectures.create("dcase21", 3, 40, 20);
    static final InMemoryFeatureSet TRAIN = InMemoryFeatureSet.separable(18, 3, 40, 20, 0.5f, 1f, 4);
    static final InMemoryFeatureSet VALIDATION = InMemoryFeatureSet.separable(6, 3, 40, 20, 0.5f, 1f, 5);

    static TrainingConfig config(int epochs) {
        return new TrainingConfig(epochs, 4, 3e-3f, 11, true, true, false);
    }

    /** The weights as a checkpoint stores them (weights.safetensors). */
    static byte[] bytes(Checkpoint c) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            SafeTensors.write(out, c.weights(), Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void aResumedTrainingEqualsAnUninterruptedOneBitForBit() {
        Trainer.Result whole = Trainer.train(SPEC, TRAIN, VALIDATION, config(5));
        Path state = tmp.resolve("base.ckpt.state");
        Trainer.Result first = Trainer.train(SPEC, TRAIN, VALIDATION, config(2),
                new Resumable(state, Resumable.Policy.START_OVER));
        assertEquals(0, first.resumedAfter());
        assertTrue(OutputKind.TRAINING_STATE.replaceable(state) && Files.isDirectory(state));
        Trainer.Result resumed = Trainer.train(SPEC, TRAIN, VALIDATION, config(5),
                new Resumable(state, Resumable.Policy.RESUME));
        assertEquals(2, resumed.resumedAfter());
        assertArrayEquals(bytes(whole.checkpoint()), bytes(resumed.checkpoint()));
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        for (int e = 0; e < 5; e++) {
            assertEquals(whole.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 0.0);
            assertEquals(whole.history().get(e).validationMetric(), resumed.history().get(e).validationMetric(), 0.0);
        }
    }

    @Test
    void aResumedFineTuningEqualsAnUninterruptedOne() {
        Checkpoint start = Trainer.train(SPEC, TRAIN, null, config(1)).checkpoint();
        TrainingConfig plain = new TrainingConfig(4, 4, 1e-3f, 12, false, false, false);
        Trainer.Result whole = Trainer.train(start, TRAIN, null, plain);
        Path state = tmp.resolve("ft.state");
        Trainer.train(start, TRAIN, null, new TrainingConfig(3, 4, 1e-3f, 12, false, false, false),
                new Resumable(state, Resumable.Policy.START_OVER));
        Trainer.Result resumed = Trainer.train(start, TRAIN, null, plain, new Resumable(state, Resumable.Policy.RESUME));
        assertEquals(3, resumed.resumedAfter());
        assertArrayEquals(bytes(whole.checkpoint()), bytes(resumed.checkpoint()));
    }

    @Test
    void aStateOfAnotherRunIsRefusedOrSetAsideByPolicy() {
        Path state = tmp.resolve("s");
        Trainer.train(SPEC, TRAIN, null, config(1), new Resumable(state, Resumable.Policy.START_OVER));
        TrainingConfig otherSeed = new TrainingConfig(2, 4, 3e-3f, 99, true, true, false);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Trainer.train(SPEC, TRAIN, null,
                otherSeed, new Resumable(state, Resumable.Policy.RESUME)));
        assertTrue(e.getMessage().startsWith(state + ": the saved training state belongs to another run"),
                e.getMessage());
        Trainer.Result fresh = Trainer.train(SPEC, TRAIN, null, otherSeed,
                new Resumable(state, Resumable.Policy.RESUME_IF_MATCHING));
        assertEquals(0, fresh.resumedAfter());
        assertArrayEquals(bytes(Trainer.train(SPEC, TRAIN, null, otherSeed).checkpoint()), bytes(fresh.checkpoint()));
        // other data is another run too
        InMemoryFeatureSet other = InMemoryFeatureSet.separable(18, 3, 40, 20, 0.5f, 1f, 6);
        assertThrows(AudioPruneException.class, () -> Trainer.train(SPEC, other, null, otherSeed,
                new Resumable(state, Resumable.Policy.RESUME)));
    }

    @Test
    void aDamagedStateIsAOneLineErrorWhenResumeIsAskedFor() throws Exception {
        Path state = tmp.resolve("s");
        Trainer.train(SPEC, TRAIN, null, config(1), new Resumable(state, Resumable.Policy.START_OVER));
        Path weights = state.resolve("weights.safetensors");
        Files.write(weights, java.util.Arrays.copyOf(Files.readAllBytes(weights), 100));
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Trainer.train(SPEC, TRAIN, null,
                config(2), new Resumable(state, Resumable.Policy.RESUME)));
        assertTrue(e.getMessage().startsWith(weights + ": "), e.getMessage());
        assertEquals(0, Trainer.train(SPEC, TRAIN, null, config(1),
                new Resumable(state, Resumable.Policy.RESUME_IF_MATCHING)).resumedAfter());

        // a folder that is no state at all is never replaced, whatever the policy, and says so before any epoch
        Files.writeString(state.resolve("state.json"), "null");
        for (Resumable.Policy p : Resumable.Policy.values()) {
            AudioPruneException f = assertThrows(AudioPruneException.class, () -> Trainer.train(SPEC, TRAIN, null,
                    config(1), new Resumable(state, p)));
            assertTrue(f.getMessage().contains("not an AudioPrune training-state folder"), f.getMessage());
        }
    }

    @Test
    void finishingRemovesTheState() {
        Path state = tmp.resolve("s");
        Resumable r = new Resumable(state, Resumable.Policy.START_OVER);
        Trainer.train(SPEC, TRAIN, null, config(1), r);
        r.finish();
        assertFalse(Files.exists(state));
    }
}
