package org.s3nas.workbench.search.train;

import org.s3nas.workbench.model.RunStatus;

/** Receives a training run's reports on the run's own thread (hand them to your own thread, e.g. a bounded queue). */
public interface TrainListener {
    void onProgress(TrainEvent event);

    default void onStatus(RunStatus status, String message) {}

    default void onResult(TrainResult result) {}
}
