/**
 * Files: project files (versioned JSON, unknown fields rejected with their path), the authors' formats, latency
 * tables, Chrome trace, CSV tables, PyTorch export.
 * May use: model, npu, post, experiments (the report's CSV). Never JavaFX.
 */
package org.s3nas.workbench.io;
