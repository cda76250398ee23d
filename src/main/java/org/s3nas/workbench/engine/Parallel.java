package org.s3nas.workbench.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Splits a row range over a fixed pool (each part its own slice, so results do not depend on timing). */
public final class Parallel {
    interface Body { void run(int from, int to, int part); }

    final ExecutorService pool;
    final int parts;
    /** When at least 0, the split threshold of every call (tests split small work to exercise every part). */
    private final int minRowsOverride;

    public Parallel(ExecutorService pool, int parts) {
        this(pool, parts, -1);
    }

    Parallel(ExecutorService pool, int parts, int minRowsOverride) {
        this.pool = pool;
        this.parts = parts;
        this.minRowsOverride = minRowsOverride;
    }

    void rows(int m, Body body) { rows(m, body, 1024); }

    /** As {@link #rows(int, Body)}, splitting from {@code minRows} rows on (a row being a unit of the caller's work). */
    void rows(int m, Body body, int minRows) {
        if (parts <= 1 || m < (minRowsOverride >= 0 ? minRowsOverride : minRows)) {
            body.run(0, m, 0);
            return;
        }
        Future<?>[] fs = new Future<?>[parts - 1];
        int chunk = (m + parts - 1) / parts;
        for (int p = 1; p < parts; p++) {
            int from = Math.min(m, p * chunk), to = Math.min(m, (p + 1) * chunk), part = p;
            fs[p - 1] = pool.submit(() -> body.run(from, to, part));
        }
        body.run(0, Math.min(m, chunk), 0);
        try {
            for (Future<?> f : fs) f.get();
        } catch (Exception e) {
            throw new IllegalStateException("parallel section failed", e);
        }
    }

    /** A fixed pool of daemon threads for the engines' parallel heap loops. */
    public static ExecutorService newPool(int threads) {
        return java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "s3nas-engine-heap");
            t.setDaemon(true);
            return t;
        });
    }
}
