package org.s3nas.workbench.npu;

/** Why the pipeline stalled (SPEC §3.4). */
public enum StallCause { FEATURE, WEIGHT, BIAS }
