/**
 * The Search view: the search configuration, the search-only series and charts over the shared run dashboard
 * (app.run): cross-entropy, latency against the target, the controller's gain, thresholds, the block-choice heatmap
 * and its log, the followed run folder and the search job.
 * May use: app, app.run, model, npu, engine, search, io.
 */
package org.s3nas.workbench.app.search;
