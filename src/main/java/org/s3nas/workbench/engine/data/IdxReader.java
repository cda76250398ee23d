package org.s3nas.workbench.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST: big-endian magic 0x00000803 (unsigned-byte images, dims n, rows, cols)
 * or 0x00000801 (unsigned-byte labels, dim n), then the bytes. Files may be gzip-compressed (detected by content).
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x803;
    static final int LABELS_MAGIC = 0x801;

    private IdxReader() {}

    /** Images as raw bytes 0..255 scaled to [0, 1], shape n x rows x cols x 1. */
    public static float[] readImages(Path file, int[] shapeOut) {
        return read(file, in -> {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(file, String.format("not an IDX image file: magic 0x%08x, expected 0x%08x", magic, IMAGES_MAGIC));
            }
            int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE) {
                throw new DatasetException(file, "implausible IDX image dimensions " + n + " x " + rows + " x " + cols);
            }
            byte[] raw = new byte[n * rows * cols];
            readFully(in, raw, file, "images");
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) out[i] = (raw[i] & 0xff) / 255f;
            shapeOut[0] = n;
            shapeOut[1] = rows;
            shapeOut[2] = cols;
            return out;
        });
    }

    public static int[] readLabels(Path file) {
        return read(file, in -> {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(file, String.format("not an IDX label file: magic 0x%08x, expected 0x%08x", magic, LABELS_MAGIC));
            }
            int n = in.readInt();
            if (n < 0) throw new DatasetException(file, "implausible IDX label count " + n);
            byte[] raw = new byte[n];
            readFully(in, raw, file, "labels");
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = raw[i] & 0xff;
            return out;
        });
    }

    /** What one IDX file's body is read into. */
    @FunctionalInterface
    private interface Body<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Opens {@code file} and reads it; every way it can fail is a DatasetException naming the file. */
    private static <T> T read(Path file, Body<T> body) {
        try (DataInputStream in = open(file)) {
            return body.read(in);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "file not found");
        } catch (EOFException e) {
            throw new DatasetException(file, "truncated IDX file (header incomplete)");
        } catch (ZipException e) {
            throw new DatasetException(file, "corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void readFully(InputStream in, byte[] buf, Path file, String what) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int r = in.read(buf, off, buf.length - off);
            if (r < 0) {
                throw new DatasetException(file, "truncated IDX file: header announces " + buf.length + " bytes of " + what
                        + " but only " + off + " are present");
            }
            off += r;
        }
    }

    /** Opens a file, transparently un-gzipping it when it starts with the gzip magic 1f 8b. */
    static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(in);
    }
}
