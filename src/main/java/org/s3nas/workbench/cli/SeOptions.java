package org.s3nas.workbench.cli;

import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.post.SeTransforms;
import picocli.CommandLine.Option;

/** The SE variant of the architecture a command works on (se-rank, train, export-training; paper 4.3.2). */
final class SeOptions {
    @Option(names = "--with-se", description = "Add SE (ratio 0.25) and h-swish to every block first (paper 4.3.2).")
    boolean withSe;

    /** {@code a}, with SE and h-swish added to every block when --with-se is given. */
    Architecture applyTo(Architecture a) {
        return withSe ? SeTransforms.withSeAndHswish(a) : a;
    }
}
