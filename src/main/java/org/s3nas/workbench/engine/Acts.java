package org.s3nas.workbench.engine;

import org.s3nas.workbench.model.Activation;

/**
 * The activations of {@link Activation} on the heap: value f(z) and derivative f'(z) of the pre-activation z.
 * h-swish is {@code z * relu6(z + 3) / 6} (paper 4.3.2), h-sigmoid {@code relu6(z + 3) / 6}. null = identity.
 * {@link BatchNorm}'s fused kernels compute the same functions in loops the JIT can vectorise.
 */
public final class Acts {
    private Acts() {}

    public static float f(Activation a, float z) {
        if (a == null) return z;
        return switch (a) {
            case RELU -> Math.max(0f, z);
            case RELU6 -> Math.min(6f, Math.max(0f, z));
            case HSWISH -> z * Math.min(6f, Math.max(0f, z + 3f)) / 6f;
            case SWISH -> z * sigmoid(z);
            case SIGMOID -> sigmoid(z);
            case HSIGMOID -> Math.min(6f, Math.max(0f, z + 3f)) / 6f;
        };
    }

    public static float df(Activation a, float z) {
        if (a == null) return 1f;
        return switch (a) {
            case RELU -> z > 0 ? 1f : 0f;
            case RELU6 -> z > 0 && z < 6 ? 1f : 0f;
            case HSWISH -> z <= -3 ? 0f : z >= 3 ? 1f : (2 * z + 3) / 6f;
            case SWISH -> {
                float s = sigmoid(z);
                yield s * (1 + z * (1 - s));
            }
            case SIGMOID -> {
                float s = sigmoid(z);
                yield s * (1 - s);
            }
            case HSIGMOID -> z > -3 && z < 3 ? 1f / 6f : 0f;
        };
    }

    public static float sigmoid(float z) { return (float) (1 / (1 + Math.exp(-z))); }
}
