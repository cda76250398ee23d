package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

/** SPEC §3.4: the feature/bias FIFO, weight priority, double-buffered weights and stalls on invalid reads. */
class MemorySystemTest {
    private final Dram dram = new Dram(NpuConfig.midap());

    @Test
    void featureLoadsShareOneFifoInIssueOrder() {
        MemorySystem m = new MemorySystem(dram, 4);
        MemorySystem.Load a = m.loadFeature(0, 0, 262144);
        assertEquals(1215, a.start());                      // now + L
        assertEquals(1215 + 10486, a.valid());              // + T
        MemorySystem.Load b = m.loadFeature(10, 1, 262144);
        assertEquals(a.valid(), b.start());                 // waits for the FIFO, not now + L
        assertEquals(a.valid() + 10486, b.valid());
        // a small load issued later still queues behind
        MemorySystem.Load c = m.loadFeature(20, 2, 16384);
        assertEquals(b.valid(), c.start());
        assertEquals(m.fifoEnd(), c.valid());
    }

    @Test
    void anIdleFifoStartsAfterTheLatency() {
        MemorySystem m = new MemorySystem(dram, 4);
        m.loadFeature(0, 0, 1024);
        MemorySystem.Load late = m.loadFeature(100_000, 1, 1024);
        assertEquals(100_000 + 277, late.start());
    }

    @Test
    void biasLoadsUseTheFeatureFifo() {
        MemorySystem m = new MemorySystem(dram, 4);
        MemorySystem.Load f = m.loadFeature(0, 0, 262144);
        MemorySystem.Load bias = m.loadBias(5, 96);
        assertEquals(f.valid(), bias.start());
        assertEquals(f.valid() + 4, bias.valid());
    }

    @Test
    void weightLoadsTakePriorityAndPushPendingFeatureLoadsBack() {
        MemorySystem m = new MemorySystem(dram, 4);
        MemorySystem.Load f = m.loadFeature(0, 2, 258048);          // L 1200, T 10322
        MemorySystem.Load w = m.loadWeight(8066, 1024);              // L 277, T 41
        assertEquals(8066 + 277, w.start());                         // does not wait for the FIFO
        assertEquals(8066 + 277 + 41, w.valid());
        assertEquals(f.valid() + 41, m.bankValid(2));                // the pending feature load finishes T later
        // a feature load already done is not touched
        MemorySystem m2 = new MemorySystem(dram, 4);
        MemorySystem.Load done = m2.loadFeature(0, 0, 1024);
        m2.loadWeight(done.valid() + 10, 1024);
        assertEquals(done.valid(), m2.bankValid(0));
    }

    @Test
    void weightLoadsAreSerialisedOnTheWeightBuffers() {
        MemorySystem m = new MemorySystem(dram, 4);
        MemorySystem.Load a = m.loadWeight(0, 20480);                // valid 306 + 820
        m.switchWeights();
        MemorySystem.Load b = m.loadWeight(10, 20480);
        assertEquals(a.valid(), b.start());                          // the other buffer is still being filled
        assertEquals(a.valid() + 820, b.valid());
    }

    @Test
    void readsStallUntilValidOneCycleAfterIssue() {
        MemorySystem m = new MemorySystem(dram, 4);
        MemorySystem.Load f = m.loadFeature(0, 3, 1024);             // valid 318
        assertEquals(f.valid() - 101, m.readBank(100, 3));           // read happens at 101
        assertEquals(0, m.readBank(100, 3), "the timer is cleared after the stall");
        m.loadWeight(0, 1024);
        m.switchWeights();
        assertEquals(318 - 11, m.readWeights(10));
        assertEquals(0, m.readWeights(10));
        assertEquals(0, m.readBank(5000, 1), "a bank never loaded is valid");
    }

    @Test
    void writesQueueOnTheFifoWhenTimed() {
        MemorySystem m = new MemorySystem(dram, 4);
        MemorySystem.Load f = m.loadFeature(0, 0, 2500);
        MemorySystem.Load w = m.write(10, 2500);
        assertEquals(f.valid(), w.start());
        assertEquals(f.valid() + 100, w.valid());
        assertTrue(m.fifoEnd() >= w.valid());
    }
}
