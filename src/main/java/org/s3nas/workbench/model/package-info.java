/**
 * Plain records of the S3NAS vocabulary: supernet, stage, superkernel, architecture, NPU configuration,
 * search configuration and project, plus their validation and pure arithmetic on them (parameter and MAC counts:
 * {@link org.s3nas.workbench.model.ModelCost}), and copies of a record with some fields changed
 * ({@link org.s3nas.workbench.model.Records}, the settings' with-methods). Uses nothing else: no JavaFX, no ND4J, no I/O.
 */
package org.s3nas.workbench.model;
