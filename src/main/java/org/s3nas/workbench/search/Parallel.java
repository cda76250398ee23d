package org.s3nas.workbench.search;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Splits a row range over a fixed pool (each part its own slice, so results do not depend on timing). */
final class Parallel {
    interface Body { void run(int from, int to, int part); }

    final ExecutorService pool;
    final int parts;

    Parallel(ExecutorService pool, int parts) {
        this.pool = pool;
        this.parts = parts;
    }

    void rows(int m, Body body) {
        if (parts <= 1 || m < 1024) {
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
}
