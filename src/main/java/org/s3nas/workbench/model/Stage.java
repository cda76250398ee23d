package org.s3nas.workbench.model;

import java.util.List;
import java.util.Map;

/**
 * A stage: {@code depth} blocks with the same output width; the first block takes the stride. Every block uses
 * the stage's superkernels unless {@code overrides} (keyed by block index within the stage) gives it its own.
 * {@code seRatio} is the SE reduction relative to the block input channels (0 = no SE).
 */
public record Stage(int width, int depth, int stride, BlockKind kind, List<Superkernel> superkernels,
                    double seRatio, Activation activation, boolean residual, Map<Integer, List<Superkernel>> overrides) {
    public Stage {
        superkernels = List.copyOf(superkernels);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public Stage(int width, int depth, int stride, BlockKind kind, List<Superkernel> superkernels,
                 double seRatio, Activation activation) {
        this(width, depth, stride, kind, superkernels, seRatio, activation, true, Map.of());
    }

    /** The superkernels of block {@code index} (0-based within the stage). */
    public List<Superkernel> superkernelsOf(int index) {
        return overrides.getOrDefault(index, superkernels);
    }

    public Stage withDepth(int d) { return new Stage(width, d, stride, kind, superkernels, seRatio, activation, residual, overrides); }

    public Stage withWidth(int w) { return new Stage(w, depth, stride, kind, superkernels, seRatio, activation, residual, overrides); }

    public Stage withStride(int s) { return new Stage(width, depth, s, kind, superkernels, seRatio, activation, residual, overrides); }

    public Stage withKind(BlockKind k) { return new Stage(width, depth, stride, k, superkernels, seRatio, activation, residual, overrides); }

    public Stage withSuperkernels(List<Superkernel> sks) { return new Stage(width, depth, stride, kind, sks, seRatio, activation, residual, overrides); }

    public Stage withSeRatio(double r) { return new Stage(width, depth, stride, kind, superkernels, r, activation, residual, overrides); }

    public Stage withActivation(Activation a) { return new Stage(width, depth, stride, kind, superkernels, seRatio, a, residual, overrides); }

    public Stage withResidual(boolean r) { return new Stage(width, depth, stride, kind, superkernels, seRatio, activation, r, overrides); }

    public Stage withOverrides(Map<Integer, List<Superkernel>> o) { return new Stage(width, depth, stride, kind, superkernels, seRatio, activation, residual, o); }
}
