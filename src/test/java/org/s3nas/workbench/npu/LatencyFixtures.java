package org.s3nas.workbench.npu;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/** Supernets and a hand-made stand-in for the simulator, for the latency tests. */
final class LatencyFixtures {
    private LatencyFixtures() {}

    /** The paper's search space (SPEC §2.5, Table 3). */
    static Supernet paperSupernet() {
        List<Superkernel> sks = List.of(
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
        int[][] stages = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        List<Stage> st = new java.util.ArrayList<>();
        for (int[] s : stages) st.add(new Stage(s[0], s[1], s[2], BlockKind.MIXCONV, sks, 0, Activation.RELU));
        return new Supernet("s3nas-imagenet", InputShape.square(224, 3), new Stem(32, 7, 2, Activation.RELU), st,
                new Head(1280, 1000, Activation.RELU));
    }

    /** A small MBConv space with expansions {0,2,4,6} and kernels {3,5} (the paper's MBConv variant). */
    static Supernet mbconvSupernet() {
        List<Superkernel> sks = List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), false));
        return new Supernet("mbconv", InputShape.square(32, 3), new Stem(16, 3, 1, Activation.RELU),
                List.of(new Stage(16, 2, 1, BlockKind.MBCONV, sks, 0, Activation.RELU),
                        new Stage(24, 2, 2, BlockKind.MBCONV, List.of(new Superkernel(List.of(3, 5, 7), List.of(2, 4), false)), 0, Activation.RELU)),
                new Head(64, 10, Activation.RELU));
    }

    /** A deterministic stand-in for the simulator: distinct, shape-dependent cycles for every configuration. */
    static final class FakeMeasurements implements Profiler.Measurements {
        final AtomicInteger blockCalls = new AtomicInteger();
        final AtomicInteger stemHeadCalls = new AtomicInteger();

        @Override
        public long blockCycles(Profiler.Context ctx, BlockConfiguration c) {
            blockCalls.incrementAndGet();
            return cycles(ctx.position(), c);
        }

        static long cycles(BlockPosition p, BlockConfiguration c) {
            long px = (long) p.outputHeight() * p.outputWidth();
            long sum = 500 + px * p.outChannels() / 16;
            for (Branch b : c.branches()) {
                // depthwise cost grows with k² and channels, plus a per-branch overhead: merging matters
                sum += 300 + px * b.kernel() * b.kernel() * b.expansion() * p.inChannels() / 64 + 7L * b.kernel();
            }
            return sum;
        }

        @Override
        public long stemCycles(Supernet s) {
            stemHeadCalls.incrementAndGet();
            return 41_426;
        }

        @Override
        public long headCycles(Supernet s) {
            stemHeadCalls.incrementAndGet();
            return 80_553;
        }
    }

    static LatencyTable fakeTable(Supernet s, org.s3nas.workbench.model.NpuConfig npu) {
        return new Profiler(npu, new FakeMeasurements()).profile(s, null, null);
    }

    /** Indicators strictly inside (0, 1). */
    static double[] softIndicators(int n, Random r) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = 0.05 + 0.9 * r.nextDouble();
        return u;
    }
}
