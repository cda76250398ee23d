package org.s3nas.workbench.train;

import org.s3nas.workbench.engine.RunEvent;

/**
 * One progress report of a training run; plain values only, so it may cross threads freely.
 *
 * @param validationAccuracy accuracy of the EMA weights on the validation split, NaN when not measured at this event
 * @param progress           fraction of the run done, 0..1
 * @param elapsedSeconds     wall-clock seconds of the run's training since it first started, pauses left out and
 *                           continued across resumes (NaN when unknown: resumed from a checkpoint that did not store it)
 */
public record TrainEvent(long step, long totalSteps, int epoch, int epochs, double loss, double trainAccuracy,
                         double validationAccuracy, double learningRate, double imagesPerSecond, double progress,
                         double elapsedSeconds) implements RunEvent {}
