package org.s3nas.workbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void readsIdxPlainAndGzipIdentically() throws IOException {
        IdxFiles.write(dir.resolve("plain"), 50, 6, 3, false, 1);
        IdxFiles.write(dir.resolve("gz"), 50, 6, 3, true, 1);
        ImageSet a = Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, "plain", 3, 0.1, false), dir);
        ImageSet b = Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, "gz", 3, 0.1, false), dir);
        assertEquals(50, a.count());
        assertEquals(6, a.height());
        assertTrue(Arrays.equals(a.pixels(), b.pixels()) && Arrays.equals(a.labels(), b.labels()));
        for (float v : a.pixels()) assertTrue(v >= 0 && v <= 1);
    }

    @Test
    void truncatedIdxNamesTheFile() throws IOException {
        IdxFiles.write(dir, 20, 6, 3, false, 1);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(all, all.length - 100));
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, ".", 3, 0.1, false), dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        IdxFiles.write(dir, 20, 6, 3, true, 1);
        // a label file where the images should be
        IdxFiles.writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), 0x801, new int[]{20}, new byte[20], true);
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, ".", 3, 0.1, false), dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("magic 0x00000801"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, ".", 3, 0.1, false), dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void labelOutsideTheDeclaredClassesIsAnError() throws IOException {
        IdxFiles.write(dir, 20, 6, 5, false, 1);
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, ".", 2, 0.1, false), dir));
        assertTrue(e.getMessage().contains("2 classes"), e.getMessage());
    }

    @Test
    void cifarRecordsAreReadAsNhwcAndTruncationIsNamed() throws IOException {
        byte[] rec = new byte[3073 * 2];
        rec[0] = 7;
        rec[1] = (byte) 255;            // red of pixel 0
        rec[1 + 1024 + 1] = (byte) 255; // green of pixel 1
        rec[3073] = 2;
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, rec);
        ImageSet s = Cifar10Reader.read(List.of(f));
        assertEquals(2, s.count());
        assertEquals(7, s.labels()[0]);
        assertEquals(1f, s.pixels()[0]);       // pixel 0, red
        assertEquals(1f, s.pixels()[3 + 1]);   // pixel 1, green
        assertEquals(0f, s.pixels()[1]);
        Files.write(f, Arrays.copyOf(rec, 3000));
        DatasetException e = assertThrows(DatasetException.class, () -> Cifar10Reader.read(List.of(f)));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
    }

    @Test
    void splitIsDisjointSeededResizedAndNormalised() throws IOException {
        IdxFiles.write(dir, 100, 6, 3, false, 1);
        ImageSet all = Datasets.loadTraining(new DatasetSpec(DatasetFormat.IDX, ".", 3, 0.2, false), dir);
        Datasets.Split s1 = Datasets.split(all, 0.2, 80, 12, 9);
        Datasets.Split s2 = Datasets.split(all, 0.2, 80, 12, 9);
        assertEquals(64, s1.train().count());
        assertEquals(16, s1.validation().count());
        assertEquals(12, s1.train().height());
        assertTrue(Arrays.equals(s1.train().pixels(), s2.train().pixels()));
        double mean = 0, sq = 0;
        for (float v : s1.train().pixels()) { mean += v; sq += v * v; }
        mean /= s1.train().pixels().length;
        sq /= s1.train().pixels().length;
        assertEquals(0, mean, 1e-3);
        assertEquals(1, Math.sqrt(sq - mean * mean), 1e-2);
    }

    @Test
    void augmentationShiftsAndFlipsWithinThePadding() {
        float[] px = new float[16];
        for (int i = 0; i < 16; i++) px[i] = i + 1;
        ImageSet s = new ImageSet(px, new int[]{0}, 4, 4, 1);
        float[] out = new float[16];
        org.s3nas.workbench.engine.Rng r = new org.s3nas.workbench.engine.Rng(1);
        boolean sawFlip = false, sawShift = false;
        for (int t = 0; t < 50; t++) {
            Augment.cropFlip(s, 0, out, 0, r);
            // every output value is 0 (padding) or an input value
            for (float v : out) assertTrue(v == 0 || (v >= 1 && v <= 16));
            if (out[0] == 4 && out[3] == 1) sawFlip = true;
            if (out[0] == 0) sawShift = true;
        }
        assertTrue(sawFlip && sawShift);
    }
}
