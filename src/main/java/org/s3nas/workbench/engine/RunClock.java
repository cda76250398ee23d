package org.s3nas.workbench.engine;

/**
 * The elapsed wall-clock seconds of a run's training since it first started: it runs while the run steps, stands still
 * while the run is paused, and continues from the value a checkpoint stored when the run is resumed. A run resumed from
 * a checkpoint that stored no time (written before the clock existed) has an unknown elapsed time: NaN, never a guess.
 * Used by one thread (the run's).
 */
public final class RunClock {
    private double stored;
    private long since = -1;

    /** A clock at zero, not running. */
    public RunClock() {}

    /** Starts (or keeps) the clock running. */
    public void start() {
        if (since < 0) since = System.nanoTime();
    }

    /** Stops the clock (a pause); {@link #seconds} stays where it is until the next {@link #start}. */
    public void stop() {
        if (since < 0) return;
        stored += (System.nanoTime() - since) / 1e9;
        since = -1;
    }

    /** Elapsed seconds; NaN when the run's earlier time is unknown. */
    public double seconds() {
        return since < 0 ? stored : stored + (System.nanoTime() - since) / 1e9;
    }

    /** Continues from {@code seconds} (a checkpoint's value; NaN: unknown), stopped. */
    public void set(double seconds) {
        stored = seconds;
        since = -1;
    }

    /** Whether the elapsed time is known (false after resuming a checkpoint that did not store it). */
    public boolean known() { return !Double.isNaN(stored); }
}
