package org.s3nas.workbench.train;

/**
 * One optimiser step of a training run's history (history.json / history.csv in the run folder).
 * {@code elapsedSeconds}: the run's training time at the end of the step (see {@link TrainEvent}), NaN when unknown.
 */
public record TrainHistoryRow(long step, int epoch, double loss, double trainAccuracy, double validationAccuracy, double learningRate,
                              double elapsedSeconds) {}
