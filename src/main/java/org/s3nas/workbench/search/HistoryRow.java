package org.s3nas.workbench.search;

/**
 * One optimiser step in a run's metric history (history.json / history.csv in the run folder); {@code control} is
 * what phase 2 did to the decoded architecture ({@link ControlState#NONE} in phase 1 and in a final training).
 */
public record HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm,
                         double latencyMs, double trainAccuracy, double validationAccuracy, double learningRate,
                         double[] thresholds, ControlState control) {
    public HistoryRow {
        if (control == null) control = ControlState.NONE;
    }

    /** A row without phase-2 control (phase 1, a final training, a history written before the controller). */
    public HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm, double latencyMs,
                      double trainAccuracy, double validationAccuracy, double learningRate, double[] thresholds) {
        this(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, trainAccuracy, validationAccuracy, learningRate,
                thresholds, ControlState.NONE);
    }
}
