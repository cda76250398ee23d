package org.s3nas.workbench.app;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FrameQueueTest {
    @Test
    void drainHandsOverOneBatchInArrivalOrder() {
        List<List<Integer>> batches = new ArrayList<>();
        FrameQueue<Integer> q = new FrameQueue<>(8, batches::add);
        for (int i = 0; i < 5; i++) q.offer(i);
        assertEquals(5, q.drain());
        assertEquals(List.of(List.of(0, 1, 2, 3, 4)), batches);
        assertEquals(0, q.drain(), "nothing new: no batch");
        assertEquals(1, batches.size());
    }

    @Test
    void aFullQueueDropsTheOldestAndNeverGrows() {
        List<Integer> seen = new ArrayList<>();
        FrameQueue<Integer> q = new FrameQueue<>(4, seen::addAll);
        for (int i = 0; i < 1000; i++) q.offer(i);
        assertEquals(996, q.dropped());
        q.drain();
        assertEquals(List.of(996, 997, 998, 999), seen, "the newest items survive");
    }

    @Test
    void concurrentProducersLoseNothingWhileThereIsRoom() throws Exception {
        List<Integer> seen = new ArrayList<>();
        FrameQueue<Integer> q = new FrameQueue<>(40_000, seen::addAll);
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            int base = t * 10_000;
            ts[t] = new Thread(() -> { for (int i = 0; i < 10_000; i++) q.offer(base + i); });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        q.drain();
        assertEquals(40_000, seen.size());
        assertEquals(40_000, seen.stream().distinct().count());
        assertEquals(0, q.dropped());
    }

    @Test
    void rejectsAZeroCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new FrameQueue<Integer>(0, b -> {}));
    }
}
