package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.s3nas.workbench.model.RecordsTest.changes;

import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.SearchConfig;

/** The with-methods: each sets what it names and changes nothing else. */
class TrainConfigTest {
    @Test
    void withMethodsChangeTheirFieldsOnly() {
        TrainConfig base = TrainConfig.from(SearchConfig.defaults(TrainFixtures.spec(10), 28, 1.5), 3);
        TrainConfig c;
        assertEquals(5, changes(base, base.withEpochs(5), 1).epochs());
        assertEquals(0.5, changes(base, base.withWarmupEpochs(0.5), 1).warmupEpochs());
        assertEquals(16, changes(base, base.withBatchSize(16), 1).batchSize());
        assertEquals(0.3, changes(base, base.withLearningRate(0.3), 1).learningRate());
        c = changes(base, base.withRegularisation(0.4, 0.1), 2);
        assertEquals(0.4, c.dropout());
        assertEquals(0.1, c.stochasticDepth());
        assertEquals(0.99, changes(base, base.withEmaDecay(0.99), 1).emaDecay());
        assertEquals(42, changes(base, base.withSeed(42), 1).seed());
        c = changes(base, base.withImages(300, 40), 2);
        assertEquals(300, c.limitImages());
        assertEquals(40, c.testImages());
        assertEquals(7, changes(base, base.withCheckpointEverySteps(7), 1).checkpointEverySteps());
    }
}
