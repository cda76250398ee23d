/**
 * Packages that run the workbench's method on another engine: {@code export-search} writes the supernet, the latency
 * table and the search configuration with a PyTorch implementation of the search (DDP under torchrun) that writes
 * the workbench's run-folder format. Uses the model, npu (the latency table) and search (the ND4J engine's initial
 * state); no JavaFX.
 */
package org.s3nas.workbench.io.export;
