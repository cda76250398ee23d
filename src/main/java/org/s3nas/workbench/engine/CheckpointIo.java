package org.s3nas.workbench.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The binary layout the search and the final training share for their checkpoints: a magic number and version, where
 * the run stands (step, epoch, batch, random state, last validation, the image order), then each tensor by name with
 * its value, RMSProp state and (when kept) EMA. Each owner adds what only it has (thresholds, BN statistics, history).
 */
public final class CheckpointIo {
    private CheckpointIo() {}

    /** Where a run stands; the image order is read into the caller's array. */
    public record Position(long step, int epoch, int batchInEpoch, long rngState, double lastValidation) {}

    /** Writes {@code body} to {@code file} atomically: a temporary file beside it, then one rename. */
    public static void writeAtomically(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What {@link #writeAtomically} writes. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    public static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    public static void writeHeader(DataOutputStream out, int magic, int version) throws IOException {
        out.writeInt(magic);
        out.writeInt(version);
    }

    /** Checks the magic number ({@code what} names the expected kind of file) and the version. */
    public static void readHeader(DataInputStream in, Path file, int magic, int version, String what) throws IOException {
        if (in.readInt() != magic) throw new IOException(file + ": not a " + what);
        int v = in.readInt();
        if (v != version) throw new IOException(file + ": " + what + " version " + v + " is not supported");
    }

    public static void writePosition(DataOutputStream out, Position p, int[] order) throws IOException {
        out.writeLong(p.step());
        out.writeInt(p.epoch());
        out.writeInt(p.batchInEpoch());
        out.writeLong(p.rngState());
        out.writeDouble(p.lastValidation());
        out.writeInt(order.length);
        for (int o : order) out.writeInt(o);
    }

    /** Reads a position and its image order into {@code order}, which must be as long as the stored one. */
    public static Position readPosition(DataInputStream in, Path file, int[] order) throws IOException {
        Position p = new Position(in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readDouble());
        int n = in.readInt();
        if (n != order.length) throw new IOException(file + ": checkpoint has " + n + " training images, this run " + order.length);
        for (int i = 0; i < n; i++) order[i] = in.readInt();
        return p;
    }

    /** Each tensor: name, size, value, RMSProp mean square and momentum, and its EMA where it keeps one. */
    public static void writeParams(DataOutputStream out, List<Param> params) throws IOException {
        for (Param p : params) {
            writeName(out, p);
            for (float[] a : p.ema == null ? new float[][]{p.value, p.ms, p.mom} : new float[][]{p.value, p.ms, p.mom, p.ema}) {
                for (float v : a) out.writeFloat(v);
            }
        }
    }

    public static void readParams(DataInputStream in, Path file, List<Param> params) throws IOException {
        for (Param p : params) {
            checkName(in, file, p);
            for (float[] a : p.ema == null ? new float[][]{p.value, p.ms, p.mom} : new float[][]{p.value, p.ms, p.mom, p.ema}) {
                for (int i = 0; i < a.length; i++) a[i] = in.readFloat();
            }
        }
    }

    public static void writeName(DataOutputStream out, Param p) throws IOException {
        out.writeUTF(p.name);
        out.writeInt(p.size());
    }

    /** Reads a tensor's name and size and checks that they are {@code p}'s. */
    public static void checkName(DataInputStream in, Path file, Param p) throws IOException {
        String name = in.readUTF();
        int len = in.readInt();
        if (!name.equals(p.name) || len != p.size()) {
            throw new IOException(file + ": tensor " + name + " (" + len + " values) does not match " + p.name + " (" + p.size() + ")");
        }
    }
}
