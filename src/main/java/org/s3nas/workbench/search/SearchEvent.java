package org.s3nas.workbench.search;

import java.util.List;
import org.s3nas.workbench.engine.RunEvent;

/**
 * One progress report of a search run. Plain values only (arrays are copies owned by the event), so it may cross
 * threads freely.
 *
 * @param step             optimiser steps done
 * @param epoch            current epoch (0-based, counting both phases)
 * @param phase            1 = supernet training (sampled paths, CE only), 2 = threshold search (Eq. 9)
 * @param loss             total loss of the last step
 * @param crossEntropy     its cross-entropy part
 * @param latencyTerm      its latency part (0 in phase 1)
 * @param latencyMs        estimated latency (Eq. 7/8) of the path the step used; NaN without a latency model
 * @param targetMs         target latency T
 * @param trainAccuracy    accuracy on the last training batch
 * @param validationAccuracy accuracy on the validation split, NaN when not measured at this event
 * @param learningRate     learning rate of the last step
 * @param thresholds       every threshold t (order of {@link SearchRun#thresholdNames()})
 * @param indicatorInputs  every x = mean(w_split^2) / nu - t (same order; see SupernetNet)
 * @param indicators       every hard indicator u = 1(x > 0) (same order)
 * @param choices          per block, per superkernel: {kernel, expansion} of the current path
 * @param imagesPerSecond  training throughput over the last reporting interval
 * @param phaseProgress    fraction of the whole run done, 0..1
 * @param control          what phase 2 did to the decoded architecture in the last step (simulated latency, the target
 *                         controller's gain, crossings); {@link ControlState#NONE} in phase 1
 * @param elapsedSeconds   wall-clock seconds of the run's training since it first started, pauses left out and
 *                         continued across resumes (NaN when unknown: resumed from a checkpoint that did not store it)
 */
public record SearchEvent(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm,
                          double latencyMs, double targetMs, double trainAccuracy, double validationAccuracy,
                          double learningRate, double[] thresholds, double[] indicatorInputs, boolean[] indicators,
                          List<List<int[]>> choices, double imagesPerSecond, double phaseProgress, ControlState control,
                          double elapsedSeconds) implements RunEvent {
    public SearchEvent {
        if (control == null) control = ControlState.NONE;
    }

    /** The fraction of the whole run done ({@link #phaseProgress}: it counts both phases). */
    @Override
    public double progress() { return phaseProgress; }

    /** An event without phase-2 control and without a known elapsed time. */
    public SearchEvent(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm, double latencyMs,
                       double targetMs, double trainAccuracy, double validationAccuracy, double learningRate, double[] thresholds,
                       double[] indicatorInputs, boolean[] indicators, List<List<int[]>> choices, double imagesPerSecond,
                       double phaseProgress) {
        this(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, targetMs, trainAccuracy, validationAccuracy, learningRate,
                thresholds, indicatorInputs, indicators, choices, imagesPerSecond, phaseProgress, ControlState.NONE, Double.NaN);
    }
}
