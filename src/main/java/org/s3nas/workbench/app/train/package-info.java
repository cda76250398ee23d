/**
 * The Training view: a final training's configuration and live dashboard (the Search view's), the training folders.
 * May use: app, app.search, app.post, model, npu, search, train.
 */
package org.s3nas.workbench.app.train;
