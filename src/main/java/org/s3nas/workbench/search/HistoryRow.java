package org.s3nas.workbench.search;

/** One optimiser step in a run's metric history (history.json / history.csv in the run folder). */
public record HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm,
                         double latencyMs, double trainAccuracy, double validationAccuracy, double learningRate,
                         double[] thresholds) {}
