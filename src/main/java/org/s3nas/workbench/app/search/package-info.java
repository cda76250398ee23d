/**
 * The Search view and the run dashboard it shares with the Training view: configuration sheet, live charts,
 * choice heatmap and history, the run folder and job.
 * May use: app, model, npu, engine, search, io.
 */
package org.s3nas.workbench.app.search;
