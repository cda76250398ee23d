/**
 * The ND4J toolbox every network trains with: the native ops ({@link org.s3nas.workbench.engine.Nd}), the one batch
 * norm for every activation, the heap/native buffer, parameters and thresholds with RMSProp, parallel heap loops,
 * the RNG, im2col, the depthwise backward, the global pool, checkpoint I/O, the step loop every training extends
 * (batches, epochs, validation, history, the run's clock, checkpoints), the background run around it with its listener,
 * the profile and the side-by-side benchmark. No network of its own.
 * May use: model (activations), ND4J. Never JavaFX, never the networks that use it (search, train).
 */
package org.s3nas.workbench.engine;
