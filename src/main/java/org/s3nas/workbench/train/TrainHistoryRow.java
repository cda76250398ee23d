package org.s3nas.workbench.train;

/** One optimiser step of a training run's history (history.json / history.csv in the run folder). */
public record TrainHistoryRow(long step, int epoch, double loss, double trainAccuracy, double validationAccuracy, double learningRate) {}
