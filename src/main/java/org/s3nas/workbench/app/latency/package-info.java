/**
 * The Latency view: the latency table's heatmaps, the space's latency distribution, stage breakdowns, the Pareto
 * plot against published networks, and its canvas plots.
 * May use: app, model, npu, io.
 */
package org.s3nas.workbench.app.latency;
