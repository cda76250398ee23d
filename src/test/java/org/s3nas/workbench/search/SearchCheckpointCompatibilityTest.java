package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.engine.data.Datasets;
import org.s3nas.workbench.engine.data.IdxFiles;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * A search checkpoint written by the code before the engine was shared with the final training
 * (src/test/resources/checkpoints/search-step5.bin, written after 5 steps of the tiny supernet) still resumes: the
 * restored state takes the next steps with the losses the old code took.
 */
class SearchCheckpointCompatibilityTest {
    /** The losses of steps 6..8 after that checkpoint, as the old code computed them. */
    static final double[] OLD_LOSSES = {1.1156424967473866, 1.1734760177828067, 0.9885775890187922};

    @TempDir
    Path dir;

    static SearchEngine engine(Path dir) throws Exception {
        IdxFiles.write(dir.resolve("data"), 96, 8, 3, true, 7);
        Supernet s = TinyNets.tiny();
        DatasetSpec spec = new DatasetSpec(DatasetFormat.IDX, "data", 3, 0.25, true);
        SearchConfig d = SearchConfig.defaults(spec, 8, 2.0);
        SearchConfig c = new SearchConfig(d.dataset(), 8, 2.0, org.s3nas.workbench.model.LossKind.S3NAS, 15, 100, 2, 2, 16, 0.02, 0.97, 2.4, 1e-5, 0.1, 10,
                0.9, 0.9, 1e-3, SearchConfig.DEFAULT_THRESHOLD_LR_SCALE, SearchConfig.DEFAULT_THRESHOLD_MOMENTUM, null, 5, 0, 3);
        Datasets.Split split = Datasets.split(Datasets.loadTraining(spec, dir), 0.25, 0, 8, c.seed());
        return new SearchEngine(s, c, split, new LinearLatency(s, 1.0));
    }

    @Test
    void aCheckpointOfTheOldEngineResumesWithTheSameNextSteps() throws Exception {
        Path file = dir.resolve("search-step5.bin");
        try (InputStream in = getClass().getResourceAsStream("/checkpoints/search-step5.bin")) {
            Files.copy(in, file);
        }
        try (SearchEngine e = engine(dir)) {
            e.readCheckpoint(file);
            assertEquals(5, e.step());
            // it stored no elapsed time: unknown for its steps and for the steps after them, never invented
            assertTrue(e.history().stream().allMatch(h -> Double.isNaN(h.elapsedSeconds())));
            for (double old : OLD_LOSSES) {
                SearchEngine.StepStats s = e.trainStep();
                assertEquals(old, s.loss(), 1e-4 * Math.abs(old));
                assertTrue(Double.isNaN(e.elapsedSeconds()), "elapsed after an old checkpoint: " + e.elapsedSeconds());
            }
        }
    }
}
