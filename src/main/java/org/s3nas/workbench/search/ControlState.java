package org.s3nas.workbench.search;

/**
 * What phase 2 did to the decoded architecture in one step, beside the Eq. 7/8 estimate: its latency by full MIDAP
 * simulation, the target controller's gain on the thresholds' rate (NaN without the controller), how many splits
 * crossed their thresholds in the step and how many crossings the controller's guard held back.
 */
public record ControlState(double simulatedLatencyMs, double gain, int crossings, int heldBack) {
    /** Phase 1, or a run without a latency model: nothing to show. */
    public static final ControlState NONE = new ControlState(Double.NaN, Double.NaN, 0, 0);

    /** A step in which this many splits crossing together is worth a mark on the charts. */
    public static final int MANY_CROSSINGS = 3;

    public boolean manyCrossings() { return crossings >= MANY_CROSSINGS; }
}
