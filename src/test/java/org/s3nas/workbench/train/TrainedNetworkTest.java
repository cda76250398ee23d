package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.post.SeRanking;
import org.s3nas.workbench.post.SeTransforms;

/** A trained SE network as the excitation source of selective SE removal (paper 4.3.3). */
class TrainedNetworkTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        TrainFixtures.write(dir.resolve("data"), 96, 40, 8, 3, 11);
    }

    @Test
    void everySeBlockYieldsImagesByChannelsInTheUnitIntervalAndSeRankingRunsOnThem() throws Exception {
        Architecture a = TrainNets.mixed(Activation.HSWISH, 0.5);
        Path runDir = dir.resolve("trained");
        new TrainRun(a, TrainFixtures.config(3, 1), dir, runDir).runHere();
        assertTrue(TrainedNetwork.isTrained(runDir));
        try (TrainedNetwork t = TrainedNetwork.open(runDir, dir, 16)) {
            assertEquals(a, t.architecture());
            Map<Integer, Integer> counts = new TreeMap<>();
            double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            // 40 test images, then 10 training images
            t.collect(50, (block, e) -> {
                assertTrue(e.length >= 1 && e.length <= 16, "batch of " + e.length);
                for (double[] image : e) {
                    assertEquals(a.blocks().get(block).expandedChannels(), image.length, "channels of block " + block);
                    for (double v : image) {
                        assertTrue(v >= 0 && v <= 1, "excitation " + v);
                        range[0] = Math.min(range[0], v);
                        range[1] = Math.max(range[1], v);
                    }
                }
                counts.merge(block, e.length, Integer::sum);
            });
            assertEquals(new TreeSet<>(SeTransforms.seBlocks(a)), counts.keySet());
            assertEquals(List.of(0, 1, 2, 4), List.copyOf(counts.keySet()));
            counts.values().forEach(n -> assertEquals(50, n));
            assertTrue(range[1] - range[0] > 0.01, "excitations vary: " + range[0] + " .. " + range[1]);

            List<SeRanking.Score> ranking = SeRanking.rank(t, 30);
            assertEquals(4, ranking.size());
            for (SeRanking.Score s : ranking) {
                assertEquals(30, s.images());
                assertTrue(Double.isFinite(s.metric()) && s.metric() >= 0, "metric " + s.metric());
            }
            assertTrue(ranking.stream().anyMatch(s -> s.metric() > 0), "some excitation varies over images");
        }
    }
}
