package org.s3nas.workbench.model;

/** The latency-aware loss: S3NAS Eq. 9 (target latency), or Single-Path NAS Eq. 6 (log of latency) for comparison. */
public enum LossKind { S3NAS, SINGLE_PATH }
