/**
 * The search (paper §3): the supernet with superkernels and thresholds as a trainable network
 * ({@link org.s3nas.workbench.search.SupernetNet}), the two phases and the latency-aware loss
 * ({@link org.s3nas.workbench.search.SearchEngine}), the latency model over a table, the run with its folder,
 * checkpoints and events.
 * May use: model, npu (latency tables), engine (and engine.data).
 */
package org.s3nas.workbench.search;
