package org.s3nas.workbench.npu;

/** Why the pipeline stalled (docs/midap.md §4). */
public enum StallCause { FEATURE, WEIGHT, BIAS }
