package org.s3nas.workbench.model;

/** The first conv: kernel x kernel, stride, to {@code channels} outputs. */
public record Stem(int channels, int kernel, int stride, Activation activation) {}
