/**
 * The Training view: a final training's configuration and live dashboard (the shared app.run dashboard over
 * {@link org.s3nas.workbench.train.TrainEvent}s), the training folders.
 * May use: app, app.run, app.search (where runs live), app.post, model, npu, search, train.
 */
package org.s3nas.workbench.app.train;
