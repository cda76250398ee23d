package org.s3nas.workbench.train;

import java.io.IOException;
import java.nio.file.Path;
import org.s3nas.workbench.engine.data.IdxFiles;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;

/** Tiny IDX datasets (train and t10k) with a learnable pattern, and a fast training configuration. */
public final class TrainFixtures {
    private TrainFixtures() {}

    /** Class k lights up the k-th horizontal band of the image; noise elsewhere. */
    public static void write(Path dir, int train, int test, int side, int classes, long seed) throws IOException {
        IdxFiles.write(dir, train, side, classes, true, seed);
        java.util.Random r = new java.util.Random(seed + 1);
        byte[] px = new byte[test * side * side];
        byte[] lb = new byte[test];
        for (int i = 0; i < test; i++) {
            int k = r.nextInt(classes);
            lb[i] = (byte) k;
            for (int p = 0; p < side * side; p++) {
                int band = (p / side) * classes / side;
                px[i * side * side + p] = (byte) ((band == k ? 180 : 30) + r.nextInt(60));
            }
        }
        IdxFiles.writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[]{test, side, side}, px, true);
        IdxFiles.writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 0x801, new int[]{test}, lb, true);
    }

    public static DatasetSpec spec(int classes) {
        return new DatasetSpec(DatasetFormat.IDX, "data", classes, 0.2, false);
    }

    /** batch 16, lr 0.02, warm-up 0.5 epoch, EMA 0.99, light dropout, checkpoints every 3 steps. */
    public static TrainConfig config(int classes, int epochs) {
        return new TrainConfig(spec(classes), epochs, 16, 0.02, 0.5, 0.97, 2.4, 1e-5, 0.1, 0.99, 0.1, 0, 10, 0.9, 0.9, 1e-3,
                3, 0, 0, 0, 2, 3);
    }
}
