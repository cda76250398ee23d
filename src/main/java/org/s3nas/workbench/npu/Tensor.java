package org.s3nas.workbench.npu;

/**
 * A feature map as MIDAP stores it: column by column (one column = height x padded channels bytes), split along the
 * width into fragments, one per FMEM bank.
 *
 * @param id              index in {@link Network#tensors()}
 * @param name            display name (the producing layer, or "input")
 * @param height          rows
 * @param width           columns (for the im2col input of a GEMM stem: one column per output pixel)
 * @param channels        real channels
 * @param paddedChannels  channels as stored (docs/midap.md §2: multiple of 16 for conv/FC consumers, 64 for
 *                        depthwise/pool/Sum/Mul consumers and producers)
 * @param toDram          written to DRAM in full besides any on-chip copy (residual operands, SE inputs and squeeze
 *                        vectors, the network output; the network input starts there)
 * @param virtual         never stored: only its fused global pool is kept
 */
public record Tensor(int id, String name, int height, int width, int channels, int paddedChannels,
                     boolean toDram, boolean virtual) {

    /** Bytes of one column (the unit FMEM fragments are made of). */
    public long columnBytes(int bytesPerValue) { return (long) height * paddedChannels * bytesPerValue; }

    public long bytes(int bytesPerValue) { return columnBytes(bytesPerValue) * width; }
}
