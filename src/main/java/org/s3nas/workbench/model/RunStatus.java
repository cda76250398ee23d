package org.s3nas.workbench.model;

/**
 * A run's state. A search that finished with its architecture's simulated latency outside the target band is
 * {@code TARGET_MISSED}, not {@code SUCCEEDED}: it has a result, but not the one asked for.
 */
public enum RunStatus {
    PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED, TARGET_MISSED;

    /** Finished with a result (in the band or not). */
    public boolean hasResult() { return this == SUCCEEDED || this == TARGET_MISSED; }

    /** The line a run prints when its status changes: "paused: at step 12". */
    public String line(String message) { return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message; }
}
