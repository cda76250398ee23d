package org.s3nas.workbench.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The binary layout the search and the final training share for their checkpoints: a magic number and version, where
 * the run stands (step, epoch, batch, random state, last validation, the image order), then each tensor by name with
 * its value, RMSProp state and (when kept) EMA. Each owner adds what only it has (thresholds, BN statistics, history).
 *
 * <p>{@link #writeChecked} frames that body so damage is detected before anything is read: {@code "S3CK"} and a
 * layout version first, then the body, then its length and CRC-32. {@link #open} checks the frame and names the file
 * and what is wrong (truncated, or a checksum that does not match); a checkpoint without the frame (written before
 * it existed) is still read, with a premature end reported as a truncation naming the file.
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

    /** First int of a framed checkpoint ("S3CK"); no owner's magic number equals it. */
    public static final int FRAME_MAGIC = 0x5333434B;
    static final int FRAME_VERSION = 1;
    /** Frame header (magic, version) and trailer (body length, CRC-32) bytes. */
    public static final int FRAME_HEAD = 8, FRAME_TAIL = 16;

    /**
     * Writes a checkpoint atomically inside the integrity frame (see the class comment): a kill leaves the old file,
     * and a file damaged later is recognised when it is opened.
     */
    public static void writeChecked(Path file, Body body) throws IOException {
        writeAtomically(file, out -> {
            out.writeInt(FRAME_MAGIC);
            out.writeInt(FRAME_VERSION);
            CRC32 crc = new CRC32();
            long[] length = {0};
            DataOutputStream inner = new DataOutputStream(new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    crc.update(b);
                    length[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    crc.update(b, off, len);
                    length[0] += len;
                }

                @Override
                public void close() {
                    // the frame's trailer follows: the outer stream stays open
                }
            });
            body.write(inner);
            inner.flush();
            out.writeLong(length[0]);
            out.writeLong(crc.getValue());
        });
    }

    /**
     * Opens a checkpoint for reading. A framed one is checked first (length and CRC-32 over the whole body), so a
     * truncated or damaged file fails here with its name and what is wrong; the stream then holds the body only. An
     * unframed one (an older checkpoint) is read as it is; reading past its end reports a truncation naming the file.
     */
    public static DataInputStream open(Path file) throws IOException {
        long size;
        int first;
        try (DataInputStream probe = new DataInputStream(Files.newInputStream(file))) {
            size = Files.size(file);
            if (size < 4) throw new IOException(file + ": the checkpoint is truncated (" + size + " bytes): start the run again");
            first = probe.readInt();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": the checkpoint does not exist");
        }
        if (first != FRAME_MAGIC) return guarded(Files.newInputStream(file), file, Long.MAX_VALUE);
        long body = size - FRAME_HEAD - FRAME_TAIL;
        if (body < 0) {
            throw new IOException(file + ": the checkpoint is truncated (" + size + " bytes, not even its frame): start the run again");
        }
        long storedLength, storedCrc;
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(FRAME_HEAD + FRAME_TAIL);
            ch.position(0);
            readFully(ch, b.limit(FRAME_HEAD));
            int version = b.getInt(4);
            if (version != FRAME_VERSION) {
                throw new IOException(file + ": checkpoint frame version " + version + " is not supported (written by a newer workbench?)");
            }
            b.clear();
            ch.position(size - FRAME_TAIL);
            readFully(ch, b.limit(FRAME_TAIL));
            storedLength = b.getLong(0);
            storedCrc = b.getLong(8);
        }
        if (storedLength != body) {
            // A truncated file ends inside its body, so its last 16 bytes are body bytes, not a length: name the size, never them.
            throw new IOException(file + ": the checkpoint is truncated or damaged (" + size + " bytes, and its last "
                    + FRAME_TAIL + " are not the length and checksum of a complete checkpoint): resume from an earlier copy or"
                    + " start the run again");
        }
        CRC32 crc = new CRC32();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.skipNBytes(FRAME_HEAD);
            byte[] buf = new byte[1 << 16];
            long left = body;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new IOException(file + ": the checkpoint changed while it was read");
                crc.update(buf, 0, n);
                left -= n;
            }
        }
        if (crc.getValue() != storedCrc) {
            throw new IOException(file + ": the checkpoint is damaged (its checksum does not match): resume from an earlier "
                    + "copy or start the run again");
        }
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(FRAME_HEAD);
        return guarded(in, file, body);
    }

    private static void readFully(java.nio.channels.SeekableByteChannel ch, java.nio.ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new java.io.EOFException();
        }
    }

    /** At most {@code limit} bytes of {@code raw}; reading past them names the file instead of a bare end-of-file. */
    private static DataInputStream guarded(InputStream raw, Path file, long limit) {
        InputStream bounded = new FilterInputStream(new BufferedInputStream(raw, 1 << 16)) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                int b = left > 0 ? super.read() : -1;
                if (b < 0) throw ended();
                left--;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (len == 0) return 0;
                int n = left > 0 ? super.read(buf, off, (int) Math.min(len, left)) : -1;
                if (n < 0) throw ended();
                left -= n;
                return n;
            }

            private IOException ended() {
                return new java.io.EOFException(file + ": the checkpoint ends early (it is truncated, or was written for "
                        + "another configuration): start the run again");
            }
        };
        return new DataInputStream(bounded);
    }

    /**
     * Whether an optional part marked by {@code mark} follows (parts added to a layout later sit at its end, so a
     * checkpoint written before them ends or goes on with something else there): reads the mark when it is there,
     * and otherwise leaves the stream where it was.
     */
    public static boolean readMark(DataInputStream in, int mark) throws IOException {
        in.mark(8);
        int read;
        try {
            read = in.readInt();
        } catch (java.io.EOFException e) {
            return false;
        }
        if (read == mark) return true;
        in.reset();
        return false;
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

    /** Each BN's running mean and variance. */
    public static void writeNorms(DataOutputStream out, List<BatchNorm> norms) throws IOException {
        for (BatchNorm b : norms) {
            for (float v : b.runMean) out.writeFloat(v);
            for (float v : b.runVar) out.writeFloat(v);
        }
    }

    public static void readNorms(DataInputStream in, List<BatchNorm> norms) throws IOException {
        for (BatchNorm b : norms) {
            for (int i = 0; i < b.c; i++) b.runMean[i] = in.readFloat();
            for (int i = 0; i < b.c; i++) b.runVar[i] = in.readFloat();
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
