package org.s3nas.workbench.engine;

import java.util.concurrent.ExecutorService;

/**
 * What the layers of one network share: two heap threads for the parallel loops, the depthwise backward with its
 * buffers, and the network's parameters and batch norms (one set of BN work buffers). Close it with the network.
 */
public final class Toolbox implements AutoCloseable {
    private final ExecutorService pool;
    public final Parallel par;
    public final DepthwiseBackward depthwiseBackward;
    public final Parameters parameters;

    /**
     * @param maxChannels the widest activation a BN of the network normalises
     * @param keepEma     every tensor keeps an exponential moving average (the final training's)
     */
    public Toolbox(int maxChannels, boolean keepEma) {
        pool = Parallel.newPool(2);
        par = new Parallel(pool, 2);
        depthwiseBackward = new DepthwiseBackward(par);
        parameters = new Parameters(new BatchNorm.Work(par, maxChannels), keepEma);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
