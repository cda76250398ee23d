package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled data subset: counts, balance, IDX headers, size; and that it is what the cutting tool makes. */
class FashionMnistSubsetTest {
    static final Path DATA = Path.of("sample-projects/data");
    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void trainingSplitHasAThousandImagesPerClass() throws IOException {
        FashionMnistSubset.Idx train = FashionMnistSubset.read(DATA, "train");
        assertEquals(10_000, train.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(10_000 * 28 * 28, train.pixels().length);
        assertBalanced(train, 1000);
    }

    @Test
    void testSplitHasTwoHundredImagesPerClass() throws IOException {
        FashionMnistSubset.Idx test = FashionMnistSubset.read(DATA, "t10k");
        assertEquals(2_000, test.count());
        assertBalanced(test, 200);
    }

    @Test
    void imagesAreRealPictures() throws IOException {
        FashionMnistSubset.Idx train = FashionMnistSubset.read(DATA, "train");
        // not blank, not noise: Fashion-MNIST images have a dark background and a bright object
        long sum = 0;
        int background = 0;
        for (byte b : train.pixels()) {
            sum += b & 0xff;
            if (b == 0) background++;
        }
        double mean = (double) sum / train.pixels().length;
        assertTrue(mean > 50 && mean < 100, "mean pixel " + mean);
        assertTrue(background > train.pixels().length / 3, "background share");
    }

    @Test
    void bundleIsSmall() throws IOException {
        long bytes;
        try (Stream<Path> s = Files.list(DATA)) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 8L * 1024 * 1024, bytes + " bytes");
        assertTrue(Files.readString(DATA.resolve("LICENSE")).contains("Zalando SE"));
        assertTrue(Files.readString(DATA.resolve("LICENSE")).contains("dataset-fashion-mnist"));
    }

    @Test
    void cuttingAgainGivesTheSameFiles(@TempDir Path out) throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(DEBIAN.resolve("train-images-idx3-ubyte.gz")),
                "the Debian package dataset-fashion-mnist is not installed");
        FashionMnistSubset.cut(DEBIAN, out, 1000, 200);
        for (String f : new String[]{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"}) {
            assertArrayEquals(FashionMnistSubset.gunzip(DATA.resolve(f)), FashionMnistSubset.gunzip(out.resolve(f)), f);
        }
        // and they are the first images of each class in file order
        FashionMnistSubset.Idx all = FashionMnistSubset.read(DEBIAN, "train");
        FashionMnistSubset.Idx sub = FashionMnistSubset.read(DATA, "train");
        assertArrayEquals(java.util.Arrays.copyOf(all.pixels(), 28 * 28), java.util.Arrays.copyOf(sub.pixels(), 28 * 28),
                "the very first image is always kept");
    }

    private static void assertBalanced(FashionMnistSubset.Idx idx, int perClass) {
        int[] counts = new int[10];
        for (byte b : idx.labels()) counts[b & 0xff]++;
        for (int c = 0; c < 10; c++) assertEquals(perClass, counts[c], "class " + c);
    }
}
