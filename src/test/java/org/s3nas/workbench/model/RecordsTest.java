package org.s3nas.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Records.with and the settings records' with-methods built on it: each changes what it names and nothing else. */
public class RecordsTest {
    private static final DatasetSpec DATA = new DatasetSpec(DatasetFormat.IDX, "data", 10, 0.2, false);
    private static final SearchConfig BASE = SearchConfig.defaults(DATA, 28, 1.5);

    record Pair(int a, String b) {
        Pair {
            if (a < 0) throw new IllegalArgumentException("a must be 0 or more, was " + a);
        }
    }

    @Test
    void changesOnlyTheNamedComponents() {
        Pair p = new Pair(1, "x");
        assertEquals(new Pair(2, "x"), Records.with(p, "a", 2));
        assertEquals(new Pair(3, "y"), Records.with(p, Map.of("a", 3, "b", "y")));
        assertEquals(new Pair(1, null), Records.with(p, "b", null));
        assertEquals(new Pair(1, "x"), p);
    }

    @Test
    void theCopyPassesTheRecordsOwnChecks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Records.with(new Pair(1, "x"), "a", -1));
        assertEquals("a must be 0 or more, was -1", e.getMessage());
    }

    @Test
    void anUnknownNameOrAWrongTypeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Records.with(new Pair(1, "x"), "c", 2));
        assertTrue(e.getMessage().contains("Pair has no component [c]"), e.getMessage());
        assertThrows(RuntimeException.class, () -> Records.with(new Pair(1, "x"), "a", "two"));
    }

    /** Each with-method sets what it names (read back through the accessors) and changes nothing else. */
    @Test
    void searchConfigWithMethodsChangeTheirFieldsOnly() {
        DatasetSpec other = new DatasetSpec(DatasetFormat.IDX, "other", 3, 0.1, true);
        LossKind otherLoss = LossKind.values()[(BASE.loss().ordinal() + 1) % LossKind.values().length];
        SearchConfig c;
        c = changes(BASE, BASE.withTargetLatencyMs(2.5), 1);
        assertEquals(2.5, c.targetLatencyMs());
        c = changes(BASE, BASE.withEpochs(4, 5), 2);
        assertEquals(4, c.phase1Epochs());
        assertEquals(5, c.phase2Epochs());
        assertEquals(300, changes(BASE, BASE.withLimitImages(300), 1).limitImages());
        assertEquals(42, changes(BASE, BASE.withSeed(42), 1).seed());
        assertEquals(other, changes(BASE, BASE.withDataset(other), 1).dataset());
        assertEquals(16, changes(BASE, BASE.withBatchSize(16), 1).batchSize());
        assertEquals(9, changes(BASE, BASE.withCheckpointEverySteps(9), 1).checkpointEverySteps());
        c = changes(BASE, BASE.withThresholdOptimiser(1.0, 0.9), 2);
        assertEquals(1.0, c.thresholdLearningRateScale());
        assertEquals(0.9, c.thresholdMomentum());
        assertEquals(otherLoss, changes(BASE, BASE.withLoss(otherLoss), 1).loss());
        assertEquals(0.05, changes(BASE, BASE.withTargetTolerance(0.05), 1).targetTolerance());
    }

    /**
     * {@code changed}, after checking that exactly {@code count} of its components differ from {@code base}'s. Public:
     * the training's settings are checked the same way.
     */
    public static <R extends Record> R changes(R base, R changed, int count) {
        int differing = 0;
        try {
            for (RecordComponent rc : base.getClass().getRecordComponents()) {
                if (!Objects.equals(rc.getAccessor().invoke(base), rc.getAccessor().invoke(changed))) differing++;
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        assertEquals(count, differing, "components changed");
        return changed;
    }
}
