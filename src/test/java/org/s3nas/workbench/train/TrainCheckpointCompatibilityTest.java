package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Activation;

/**
 * A training checkpoint written by the final training before it shared the search's engine
 * (src/test/resources/checkpoints/train-step5.bin: the mixed test network with h-swish and SE, after 5 steps)
 * still resumes: read and written again it is the same bytes, and the next steps have the losses the old code had.
 */
class TrainCheckpointCompatibilityTest {
    /** The losses of steps 6..8 after that checkpoint, as the old code computed them. */
    static final double[] OLD_LOSSES = {0.6194038680522179, 0.6188054871777126, 0.46237253211183876};

    @TempDir
    Path dir;

    static FinalTrainer trainer(Path dir) throws Exception {
        TrainFixtures.write(dir.resolve("data"), 80, 40, 8, 3, 11);
        TrainConfig c = TrainFixtures.config(3, 2);
        TrainData data = TrainData.load(TrainFixtures.spec(3), dir, 8, 0, 0, c.seed());
        return new FinalTrainer(TrainNets.mixed(Activation.HSWISH, 0.25), c, data);
    }

    @Test
    void aCheckpointOfTheOldTrainerResumesWithTheSameStateAndNextSteps() throws Exception {
        Path file = dir.resolve("train-step5.bin");
        try (InputStream in = getClass().getResourceAsStream("/checkpoints/train-step5.bin")) {
            Files.copy(in, file);
        }
        try (FinalTrainer t = trainer(dir)) {
            t.readCheckpoint(file);
            assertEquals(5, t.step());
            Path again = dir.resolve("again.bin");
            t.writeCheckpoint(again);
            // the same layout byte for byte, now inside the integrity frame (magic and length before, length and CRC-32 after)
            byte[] written = Files.readAllBytes(again);
            assertEquals(org.s3nas.workbench.engine.CheckpointIo.FRAME_MAGIC, java.nio.ByteBuffer.wrap(written).getInt(0));
            assertArrayEquals(Files.readAllBytes(file), java.util.Arrays.copyOfRange(written,
                    org.s3nas.workbench.engine.CheckpointIo.FRAME_HEAD, written.length - org.s3nas.workbench.engine.CheckpointIo.FRAME_TAIL));
            // it stored no elapsed time: unknown for its steps and for the steps after them, never invented
            assertTrue(t.history().stream().allMatch(h -> Double.isNaN(h.elapsedSeconds())));
            for (double old : OLD_LOSSES) {
                FinalTrainer.StepStats s = t.trainStep();
                assertEquals(old, s.loss(), 1e-4 * Math.abs(old));
                assertTrue(Double.isNaN(t.elapsedSeconds()), "elapsed after an old checkpoint: " + t.elapsedSeconds());
            }
        }
    }
}
