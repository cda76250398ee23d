package org.s3nas.workbench.npu;

/** Which part of the network a layer belongs to (paper Fig. 3: stem -> stages of blocks -> head). */
public enum Segment { STEM, BLOCK, HEAD }
