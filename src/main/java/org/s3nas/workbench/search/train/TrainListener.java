package org.s3nas.workbench.search.train;

import org.s3nas.workbench.search.RunListener;

/** Receives a training run's reports (see {@link RunListener}). */
public interface TrainListener extends RunListener<TrainEvent, TrainResult> {
}
