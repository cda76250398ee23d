package org.s3nas.workbench.engine.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The CIFAR-10 binary format: records of 1 label byte (0..9) then 3072 bytes, the 32x32 red plane, green, blue.
 * Converted to NHWC floats in [0, 1].
 */
public final class Cifar10Reader {
    static final int SIDE = 32, RECORD = 1 + 3 * SIDE * SIDE;

    private Cifar10Reader() {}

    public static ImageSet read(List<Path> files) {
        int total = 0;
        for (Path f : files) {
            long len;
            try {
                len = Files.size(f);
            } catch (NoSuchFileException e) {
                throw new DatasetException(f, "file not found");
            } catch (IOException e) {
                throw new DatasetException(f, "cannot read: " + e.getMessage(), e);
            }
            if (len == 0 || len % RECORD != 0) {
                throw new DatasetException(f, "not a CIFAR-10 binary batch: " + len + " bytes is not a multiple of the "
                        + RECORD + "-byte record (truncated or wrong file)");
            }
            total += (int) (len / RECORD);
        }
        float[] pixels = new float[total * 3 * SIDE * SIDE];
        int[] labels = new int[total];
        int idx = 0;
        byte[] rec = new byte[RECORD];
        for (Path f : files) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
                long n = Files.size(f) / RECORD;
                for (long r = 0; r < n; r++, idx++) {
                    in.readFully(rec);
                    int label = rec[0] & 0xff;
                    if (label > 9) throw new DatasetException(f, "record " + r + " has label " + label + ", CIFAR-10 labels are 0..9");
                    labels[idx] = label;
                    int base = idx * 3 * SIDE * SIDE;
                    for (int p = 0; p < SIDE * SIDE; p++) {
                        for (int c = 0; c < 3; c++) pixels[base + p * 3 + c] = (rec[1 + c * SIDE * SIDE + p] & 0xff) / 255f;
                    }
                }
            } catch (IOException e) {
                throw new DatasetException(f, "cannot read: " + e.getMessage(), e);
            }
        }
        return new ImageSet(pixels, labels, SIDE, SIDE, 3);
    }
}
