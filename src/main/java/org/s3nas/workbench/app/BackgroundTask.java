package org.s3nas.workbench.app;

/**
 * Work to run off the FX thread: plain Java that reports progress and checks for cancellation through the
 * {@link TaskProgress} it is given. Engine code (npu/, search/, io/) knows nothing of JavaFX; wrap its calls in
 * a lambda, e.g. {@code p -> LatencyTable.profile(supernet, npu, p::update, p::isCancelled)}.
 */
@FunctionalInterface
public interface BackgroundTask<T> {
    T call(TaskProgress progress) throws Exception;
}
