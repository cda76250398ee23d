package org.s3nas.workbench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;

/**
 * A bounded queue that worker threads fill and the FX thread drains once per frame, rather than one
 * {@code Platform.runLater} per point (thousands of those a second would swamp the FX thread's queue). When the consumer falls behind, the OLDEST items are dropped: a progress
 * bar or a live chart wants the latest values, and memory must not grow with the producer's rate.
 * <p>
 * Views with event streams (search metrics, simulator events) use it directly: pass {@code queue::offer} to the
 * engine as its listener and {@link #start()} it on the FX thread.
 */
public final class FrameQueue<E> {
    private final ArrayBlockingQueue<E> queue;
    private final int capacity;
    private final Consumer<? super List<E>> consumer;
    private final AtomicLong dropped = new AtomicLong();
    private AnimationTimer timer;

    /** @param consumer receives each frame's batch, in arrival order, on the thread that calls {@link #drain()} */
    public FrameQueue(int capacity, Consumer<? super List<E>> consumer) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.consumer = consumer;
    }

    /** Adds an item from any thread; never blocks. Drops the oldest item when full. */
    public void offer(E item) {
        while (!queue.offer(item)) {
            if (queue.poll() != null) dropped.incrementAndGet();
        }
    }

    /** Hands everything queued so far to the consumer (one batch); returns how many items it handed over. */
    public int drain() {
        if (queue.isEmpty()) return 0;
        List<E> batch = new ArrayList<>(Math.min(capacity, queue.size()));
        queue.drainTo(batch);
        if (!batch.isEmpty()) consumer.accept(batch);
        return batch.size();
    }

    /** Starts draining once per frame. FX thread only. */
    public void start() {
        if (timer == null) {
            timer = new AnimationTimer() {
                @Override
                public void handle(long now) { drain(); }
            };
        }
        timer.start();
    }

    /** Stops the per-frame drain (items still queued stay until the next {@link #drain()}). FX thread only. */
    public void stop() {
        if (timer != null) timer.stop();
    }

    public boolean isEmpty() { return queue.isEmpty(); }

    public int capacity() { return capacity; }

    /** Items dropped because the queue was full. */
    public long dropped() { return dropped.get(); }
}
