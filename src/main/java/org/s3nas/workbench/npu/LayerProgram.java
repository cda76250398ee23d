package org.s3nas.workbench.npu;

import java.util.List;

/**
 * What the compiler decided for one layer: where its input fragments sit (banks, columns), the ordered behaviours the
 * NPU executes, and which output fragments stay in FMEM.
 */
final class LayerProgram {
    /** One step: load an input fragment once processing reaches output unit {@code cond} (-1: right away), or process. */
    record Behavior(boolean load, int fragment, int cond, int fromFragment, int toFragment, int minX, int maxX) {
        static Behavior load(int fragment, int cond) { return new Behavior(true, fragment, cond, -1, -1, 0, -1); }

        static Behavior process(int from, int to, int minX, int maxX) { return new Behavior(false, -1, -1, from, to, minX, maxX); }
    }

    final List<LayerCompiler.InFrag> input;
    final int initialFragments;
    final List<Behavior> behaviors;
    final List<Fmem.Mapping> output;
    final boolean reverseWrite;
    /** Cycles of the last process step (all passes), for the next layer's predictor. */
    final long lastStepCycles;

    LayerProgram(List<LayerCompiler.InFrag> input, int initialFragments, List<Behavior> behaviors,
                 List<Fmem.Mapping> output, boolean reverseWrite, long lastStepCycles) {
        this.input = input;
        this.initialFragments = initialFragments;
        this.behaviors = behaviors;
        this.output = output;
        this.reverseWrite = reverseWrite;
        this.lastStepCycles = lastStepCycles;
    }

    /** Output columns kept in FMEM. */
    int onChipOutputUnits() {
        int n = 0;
        for (Fmem.Mapping m : output) n += m.tail() - m.head();
        return n;
    }
}
