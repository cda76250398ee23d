package org.s3nas.workbench.engine;

/** Training produced a NaN or an infinity; the message says at which step and in which loss or parameter. */
public final class NonFiniteTrainingException extends IllegalStateException {
    public NonFiniteTrainingException(String message) {
        super(message);
    }
}
