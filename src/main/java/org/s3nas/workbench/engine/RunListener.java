package org.s3nas.workbench.engine;

import org.s3nas.workbench.model.RunStatus;

/**
 * Receives a background run's reports on the run's own thread: progress at a bounded rate, status changes, the
 * result. Implementations hand the (immutable) values to their own thread, e.g. a bounded queue drained once per
 * frame.
 */
public interface RunListener<E, R> {
    void onProgress(E event);

    default void onStatus(RunStatus status, String message) {}

    default void onResult(R result) {}
}
