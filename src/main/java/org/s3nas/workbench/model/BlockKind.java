package org.s3nas.workbench.model;

/** MBConv: one superkernel. MixConv: several parallel superkernels on slices of the expanded channels (paper Fig. 6). */
public enum BlockKind { MBCONV, MIXCONV }
