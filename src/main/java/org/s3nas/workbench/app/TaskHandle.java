package org.s3nas.workbench.app;

/** A submitted background task. */
public interface TaskHandle {
    /** Asks the task to stop: {@link TaskProgress#isCancelled()} turns true and the worker is interrupted. */
    void cancel();

    boolean isDone();
}
