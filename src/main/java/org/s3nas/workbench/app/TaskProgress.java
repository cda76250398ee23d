package org.s3nas.workbench.app;

/** The hooks a {@link BackgroundTask} reports through. Safe to call from the worker thread as often as it likes. */
public interface TaskProgress {
    /** Progress as a fraction in [0, 1], or a negative value for "working, amount unknown"; message may be null. */
    void update(double fraction, String message);

    /** Progress only. */
    default void update(double fraction) { update(fraction, null); }

    /** Progress as {@code done} of {@code total} steps. */
    default void update(long done, long total, String message) {
        update(total <= 0 ? -1 : Math.min(1.0, (double) done / total), message);
    }

    /** True once the user (or the shell) cancelled the task: long loops should return or throw soon after. */
    boolean isCancelled();
}
