package org.s3nas.workbench.model;

/** Head: 1x1 conv to {@code featureChannels} (the feature-mix layer), global average pool, FC to {@code classes}. */
public record Head(int featureChannels, int classes, Activation activation) {}
