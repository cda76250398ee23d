package org.s3nas.workbench.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: a learnable pattern (class k lights up a band at row 2k..2k+1). */
public final class IdxFiles {
    private IdxFiles() {}

    public static void write(Path dir, int n, int side, int classes, boolean gzip, long seed) throws IOException {
        Files.createDirectories(dir);
        java.util.Random r = new java.util.Random(seed);
        byte[] px = new byte[n * side * side];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(classes);
            lb[i] = (byte) k;
            for (int p = 0; p < side * side; p++) {
                int row = p / side;
                int band = row * classes / side;
                int v = (band == k ? 180 : 30) + r.nextInt(60);
                px[i * side * side + p] = (byte) v;
            }
        }
        writeIdx(dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : "")), 0x803, new int[]{n, side, side}, px, gzip);
        writeIdx(dir.resolve("train-labels-idx1-ubyte" + (gzip ? ".gz" : "")), 0x801, new int[]{n}, lb, gzip);
    }

    public static void writeIdx(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
        try (OutputStream os = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            os.write(bos.toByteArray());
        }
    }
}
