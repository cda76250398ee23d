package org.s3nas.workbench.engine.data;

import java.nio.file.Path;

/** A dataset file is missing, truncated or not in the expected format; the message names the file. */
public final class DatasetException extends RuntimeException {
    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
