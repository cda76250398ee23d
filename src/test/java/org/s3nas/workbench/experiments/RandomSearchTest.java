package org.s3nas.workbench.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.ArchitectureSampler;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.train.TrainFixtures;
import org.s3nas.workbench.train.TrainRun;

/** The random-search baseline: only architectures within the latency window, the best by validation fully trained. */
class RandomSearchTest {
    @TempDir
    static Path dir;
    static final ToDoubleFunction<Architecture> SIMULATED = new MidapSimulator(NpuConfig.midap())::latencyMs;

    static Supernet supernet() {
        List<Superkernel> mix = List.of(new Superkernel(List.of(3, 5), List.of(0, 1, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true));
        return new Supernet("tiny", InputShape.square(8, 1), new Stem(4, 3, 1, Activation.RELU), List.of(
                new Stage(8, 3, 1, BlockKind.MIXCONV, mix, 0, Activation.RELU),
                new Stage(12, 2, 2, BlockKind.MIXCONV, mix, 0, Activation.RELU)), new Head(16, 3, Activation.RELU));
    }

    static double medianLatency(Supernet s) {
        Random r = new Random(5);
        double[] l = new double[101];
        for (int i = 0; i < l.length; i++) l[i] = SIMULATED.applyAsDouble(ArchitectureSampler.sample(s, r, "x").withoutSkips());
        Arrays.sort(l);
        return l[50];
    }

    @BeforeAll
    static void data() throws Exception {
        TrainFixtures.write(dir.resolve("data"), 120, 40, 8, 3, 13);
    }

    @Test
    void samplingKeepsOnlyDistinctArchitecturesWithinTheLatencyTolerance() {
        Supernet s = supernet();
        double target = medianLatency(s);
        RandomSearch.Options o = new RandomSearch.Options(target, 0.03, 6, 5000, 1);
        RandomSearch.Sampling sampling = RandomSearch.sample(s, SIMULATED, o);
        assertEquals(6, sampling.candidates().size());
        assertTrue(sampling.draws() >= 6);
        assertTrue(sampling.minLatencyMs() < target * 0.97 || sampling.maxLatencyMs() > target * 1.03,
                "the window must be narrower than what was sampled, or the test proves nothing");
        for (RandomSearch.Candidate c : sampling.candidates()) {
            double l = SIMULATED.applyAsDouble(c.architecture());
            assertEquals(c.latencyMs(), l, 1e-12);
            assertTrue(Math.abs(l - target) <= 0.03 * target, l + " vs " + target);
        }
        assertEquals(6, new HashSet<>(sampling.candidates().stream().map(c -> c.architecture().blocks()).toList()).size());
        // deterministic for a seed
        assertEquals(sampling.candidates(), RandomSearch.sample(s, SIMULATED, o).candidates());
        // a target no sample can reach: nothing is kept, and the run says why
        RandomSearch.Options impossible = new RandomSearch.Options(sampling.maxLatencyMs() * 3, 0.01, 2, 300, 1);
        assertTrue(RandomSearch.sample(s, SIMULATED, impossible).candidates().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomSearch.run(s, SIMULATED, impossible,
                TrainFixtures.config(3, 1), TrainFixtures.config(3, 1), dir, dir.resolve("none"), null, null));
        assertTrue(e.getMessage().contains("no architecture of 'tiny' within"), e.getMessage());
    }

    @Test
    void theBestCandidateByValidationIsTrainedFullyAndEverythingIsRecorded() throws Exception {
        Supernet s = supernet();
        RandomSearch.Options o = new RandomSearch.Options(medianLatency(s), 0.05, 2, 5000, 2);
        Path runDir = dir.resolve("random");
        RandomSearch.Result r = RandomSearch.run(s, SIMULATED, o, TrainFixtures.config(3, 1), TrainFixtures.config(3, 2), dir, runDir,
                null, null);
        assertEquals(2, r.candidates().size());
        double bestVal = r.candidates().stream().mapToDouble(RandomSearch.Candidate::validationAccuracy).max().orElseThrow();
        assertEquals(bestVal, r.best().validationAccuracy());
        assertEquals(r.best().architecture(), r.full().architecture());
        assertEquals(2, r.full().epochs());
        assertTrue(Files.exists(runDir.resolve("candidate-0").resolve(TrainRun.RESULT_FILE)));
        assertTrue(Files.exists(runDir.resolve("candidate-1").resolve(TrainRun.RESULT_FILE)));
        assertTrue(Files.exists(runDir.resolve("final").resolve(TrainRun.MODEL_FILE)));
        String json = Files.readString(runDir.resolve(RandomSearch.RESULT_FILE));
        assertTrue(json.contains("\"final\"") && json.contains("\"best\" : " + r.best().index()), json);
    }
}
