package org.s3nas.workbench.model;

/**
 * The largest values the workbench accepts, checked by {@link Validator} (with the limit in the message) for
 * projects, architectures, NPU files, block strings, supergraphs and a run's stored configuration.
 *
 * <p>They bound what MIDAP can hold and what this machine can simulate in seconds: an input of up to 1024 x 1024
 * (EfficientNet-B7 is 600), up to 4096 channels (its head is 2560), kernels up to 15, expansions up to 16, and a
 * few hundred blocks (the S3NAS supernet has 29). Every product the simulator forms from them (column bytes,
 * weight bytes, MACs, cycles) fits a {@code long} with room to spare, and a column of up to 1024 x 65536 values
 * fits an {@code int} count of bytes per value.
 */
public final class Limits {
    private Limits() {}

    /** Input height and width, and the training resolution. */
    public static final int MAX_INPUT_SIZE = 1024;
    /** Input image channels (the stem is the one full convolution over them: its cost loop grows with them). */
    public static final int MAX_INPUT_CHANNELS = 16;
    /** Stem channels, stage widths, block input/output channels, head feature channels. */
    public static final int MAX_CHANNELS = 4096;
    /** Classes of the head and of a dataset. */
    public static final int MAX_CLASSES = 100_000;
    /** Kernel size of the stem and of every superkernel candidate. */
    public static final int MAX_KERNEL = 15;
    /** One expansion ratio. */
    public static final int MAX_EXPANSION = 16;
    /** Expanded channels of one block: the sum of its branches' expansions times its input channels. */
    public static final int MAX_EXPANDED_CHANNELS = 65_536;
    /** Stages of a supernet. */
    public static final int MAX_STAGES = 32;
    /** Blocks of one stage. */
    public static final int MAX_DEPTH = 64;
    /** Blocks of a supernet or an architecture. */
    public static final int MAX_BLOCKS = 256;
    /** Superkernels (branches) of one block. */
    public static final int MAX_SUPERKERNELS = 8;
    /** Candidates in one list of kernel sizes or expansions. */
    public static final int MAX_CANDIDATES = 8;
    /** Choice tuples of one block position (the terms of Eq. 8 the profiler simulates). */
    public static final int MAX_TUPLES = 4096;
    /** Choice tuples of all positions of a supernet: bounds the profiler's work (the S3NAS supernet has 2,784). */
    public static final int MAX_SPACE_TUPLES = 65_536;
    /** Characters of a name, a description or a path. */
    public static final int MAX_TEXT = 4096;
    /** Saved architectures and runs of a project. */
    public static final int MAX_ENTRIES = 10_000;

    // NPU (every parameter of NpuConfig)
    public static final double MIN_CLOCK_GHZ = 0.001;
    public static final double MAX_CLOCK_GHZ = 100;
    public static final int MAX_BYTES_PER_VALUE = 8;
    /** Compute units (cims) and MAC lanes per unit. */
    public static final int MAX_UNITS = 1024;
    /** MAC lanes per unit, at least (MIDAP has 64; fewer makes the simulator's per-row loops too long to wait for). */
    public static final int MIN_LANES = 8;
    public static final int MAX_FMEM_BANKS = 256;
    /** FMEM bank, WMEM bank and extended weight memory bytes. */
    public static final int MAX_MEMORY_BYTES = 1 << 28;
    /** Bias and reduction buffer entries. */
    public static final int MAX_ENTRIES_BUFFER = 1 << 20;
    public static final int MAX_DRAM_BYTES_PER_CYCLE = 4096;
    /** DRAM page and burst sizes of the latency formula. */
    public static final int MAX_DRAM_CHUNK_BYTES = 1 << 30;
    /** Every cycle count of the NPU: the DRAM latency terms and the pipeline fill. */
    public static final double MAX_CYCLES = 1_000_000;

    // search and training settings
    public static final double MAX_TARGET_LATENCY_MS = 1_000_000;
    public static final int MAX_EPOCHS = 100_000;
    public static final int MAX_BATCH_SIZE = 65_536;
    /** Loss weights, gradient clip, the thresholds' learning-rate scale and the decay period in epochs. */
    public static final double MAX_FACTOR = 1_000_000;
    public static final double MAX_LEARNING_RATE = 100;
}
