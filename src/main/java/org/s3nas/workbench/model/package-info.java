/**
 * Plain records of the S3NAS vocabulary: supernet, stage, superkernel, architecture, NPU configuration,
 * search configuration and project, plus their validation. No JavaFX, no ND4J, no I/O.
 */
package org.s3nas.workbench.model;
