/**
 * The MIDAP NPU (docs/midap.md): lowering of architectures to MIDAP layers, the layer compiler that plans FMEM banks,
 * the event-level simulator with its DRAM model, the timeline it records, and the built-in reference networks.
 * Pure Java: no JavaFX, no ND4J. May use: model.
 */
package org.s3nas.workbench.npu;
