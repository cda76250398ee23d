package org.s3nas.workbench.model;

/**
 * One superkernel's choice in an architecture: a depthwise kernel size and an expansion ratio of the block input
 * channels (0 = this superkernel is zeroed).
 */
public record Branch(int kernel, int expansion) {}
