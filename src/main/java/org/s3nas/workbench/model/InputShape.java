package org.s3nas.workbench.model;

/** Input image size of a network: height x width x channels. */
public record InputShape(int height, int width, int channels) {
    public static InputShape square(int size, int channels) { return new InputShape(size, size, channels); }
}
