package org.s3nas.workbench.search;

/**
 * One optimiser step in a run's metric history (history.json / history.csv in the run folder); {@code control} is
 * what phase 2 did to the decoded architecture ({@link ControlState#NONE} in phase 1 and in a final training). {@code elapsedSeconds}: the run's training time at the end of the step (see {@link SearchEvent}), NaN
 * when unknown (a history or checkpoint written before it was recorded).
 */
public record HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm,
                         double latencyMs, double trainAccuracy, double validationAccuracy, double learningRate,
                         double[] thresholds, ControlState control, double elapsedSeconds) {
    public HistoryRow {
        if (control == null) control = ControlState.NONE;
    }

    /** A row without phase-2 control and without a known elapsed time. */
    public HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm, double latencyMs,
                      double trainAccuracy, double validationAccuracy, double learningRate, double[] thresholds) {
        this(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, trainAccuracy, validationAccuracy, learningRate,
                thresholds, ControlState.NONE, Double.NaN);
    }

    /** This row with its elapsed time. */
    public HistoryRow withElapsedSeconds(double seconds) {
        return new HistoryRow(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, trainAccuracy, validationAccuracy, learningRate,
                thresholds, control, seconds);
    }
}
