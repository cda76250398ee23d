package org.s3nas.workbench.train;

import org.s3nas.workbench.engine.RunListener;

/** Receives a training run's reports (see {@link RunListener}). */
public interface TrainListener extends RunListener<TrainEvent, TrainResult> {
}
