package org.s3nas.workbench.engine;

/**
 * The figures every training run reports at a step, whatever it trains (a supernet search, a final training): what a
 * dashboard charts for any run. A kind of run adds its own figures in its event type (the search's thresholds,
 * latency and block choices).
 */
public interface RunEvent {
    /** Optimiser steps done. */
    long step();

    /** Current epoch, 0-based. */
    int epoch();

    /** Loss of the last step. */
    double loss();

    /** Accuracy on the last training batch. */
    double trainAccuracy();

    /** Accuracy on the validation split; NaN when not measured at this event. */
    double validationAccuracy();

    /** Learning rate of the last step. */
    double learningRate();

    /** Training throughput over the last reporting interval. */
    double imagesPerSecond();

    /** Fraction of the whole run done, 0..1. */
    double progress();

    /**
     * Wall-clock seconds of the run's training since it first started, pauses left out and continued across resumes;
     * NaN when unknown (resumed from a checkpoint written before the time was stored).
     */
    double elapsedSeconds();
}
