package org.s3nas.workbench.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Cuts the bundled class-balanced Fashion-MNIST subset (sample-projects/data/) from the Debian package
 * {@code dataset-fashion-mnist}: the first N images of each class, in file order, kept in file order, written as
 * gzip IDX files with the standard names. Deterministic, so the test can cut again and compare.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/test-classes:target/classes org.s3nas.workbench.io.FashionMnistSubset \
 *      /usr/share/datasets/fashion-mnist sample-projects/data 1000 200
 * </pre>
 */
public final class FashionMnistSubset {
    static final int IMAGES_MAGIC = 0x803;
    static final int LABELS_MAGIC = 0x801;

    /** An IDX image file with its labels: {@code count} images of rows x cols bytes. */
    record Idx(int rows, int cols, byte[] pixels, byte[] labels) {
        int count() { return labels.length; }
    }

    private FashionMnistSubset() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: FashionMnistSubset <source folder> <output folder> <train per class> <test per class>");
            System.exit(2);
        }
        cut(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    }

    /** Cuts both splits: train-* with {@code trainPerClass}, t10k-* with {@code testPerClass} images per class. */
    static void cut(Path source, Path out, int trainPerClass, int testPerClass) throws IOException {
        Files.createDirectories(out);
        for (String split : List.of("train", "t10k")) {
            Idx all = read(source, split);
            Idx subset = firstPerClass(all, split.equals("train") ? trainPerClass : testPerClass, 10);
            write(out, split, subset);
        }
    }

    static Idx read(Path folder, String split) throws IOException {
        byte[] labels;
        try (DataInputStream in = open(folder.resolve(split + "-labels-idx1-ubyte.gz"))) {
            check(in.readInt(), LABELS_MAGIC, split + " labels");
            labels = new byte[in.readInt()];
            in.readFully(labels);
        }
        try (DataInputStream in = open(folder.resolve(split + "-images-idx3-ubyte.gz"))) {
            check(in.readInt(), IMAGES_MAGIC, split + " images");
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n != labels.length) throw new IOException(split + ": " + n + " images but " + labels.length + " labels");
            byte[] pixels = new byte[n * rows * cols];
            in.readFully(pixels);
            return new Idx(rows, cols, pixels, labels);
        }
    }

    /** The first {@code perClass} images of each of {@code classes} classes, in their original order. */
    static Idx firstPerClass(Idx all, int perClass, int classes) throws IOException {
        int[] taken = new int[classes];
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < all.count(); i++) {
            int c = all.labels()[i] & 0xff;
            if (c >= classes) throw new IOException("label " + c + " at image " + i + " is not below " + classes);
            if (taken[c] < perClass) {
                taken[c]++;
                keep.add(i);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (taken[c] < perClass) throw new IOException("class " + c + " has only " + taken[c] + " images, " + perClass + " wanted");
        }
        int size = all.rows() * all.cols();
        byte[] pixels = new byte[keep.size() * size];
        byte[] labels = new byte[keep.size()];
        for (int j = 0; j < keep.size(); j++) {
            int i = keep.get(j);
            System.arraycopy(all.pixels(), i * size, pixels, j * size, size);
            labels[j] = all.labels()[i];
        }
        return new Idx(all.rows(), all.cols(), pixels, labels);
    }

    static void write(Path folder, String split, Idx idx) throws IOException {
        try (DataOutputStream out = create(folder.resolve(split + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(LABELS_MAGIC);
            out.writeInt(idx.count());
            out.write(idx.labels());
        }
        try (DataOutputStream out = create(folder.resolve(split + "-images-idx3-ubyte.gz"))) {
            out.writeInt(IMAGES_MAGIC);
            out.writeInt(idx.count());
            out.writeInt(idx.rows());
            out.writeInt(idx.cols());
            out.write(idx.pixels());
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return new DataInputStream(new GZIPInputStream(in, 1 << 16));
    }

    private static DataOutputStream create(Path p) throws IOException {
        OutputStream out = Files.newOutputStream(p);
        return new DataOutputStream(new GZIPOutputStream(out, 1 << 16));
    }

    private static void check(int magic, int expected, String what) throws IOException {
        if (magic != expected) throw new IOException(what + ": magic 0x" + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(expected));
    }

    /** Decompressed bytes of a gzip file (for comparing two cuts regardless of compression details). */
    static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        }
    }
}
