package org.s3nas.workbench.app.post;

import java.nio.file.Path;
import java.util.Objects;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.post.ExcitationSource;

/**
 * Finds a trained network that can show the SE excitations of an architecture (paper §4.3.3 needs real images
 * through trained weights). The workbench asks it whenever the SE panel analyses an architecture; when it finds
 * nothing, the panel shows the latency costs only and says why. Whoever trains architectures (the final-training
 * work) plugs an implementation in through {@link PostViewModel}'s constructor.
 */
@FunctionalInterface
public interface ExcitationSources {

    /** A source, or the reason there is none. Exactly one of the two is non-null. */
    record Lookup(ExcitationSource source, String reason) {
        public Lookup {
            if ((source == null) == (reason == null)) throw new IllegalArgumentException("give either a source or a reason");
        }

        public static Lookup found(ExcitationSource source) { return new Lookup(Objects.requireNonNull(source), null); }

        public static Lookup missing(String reason) { return new Lookup(null, Objects.requireNonNull(reason)); }
    }

    /**
     * A trained network for {@code architecture} of {@code project} (whose file is {@code projectFile}, null when it was
     * never saved), or why there is none. Called on a worker thread
     * (it may load weights). A source that is {@link AutoCloseable} is closed once the ranking is done. The source's
     * architecture must be {@code architecture} (names aside), or the panel refuses it.
     */
    Lookup find(Project project, Path projectFile, Architecture architecture);

    /** No trained networks at all: the state of this version, where saved architectures carry no weights. */
    static ExcitationSources none() {
        return (p, f, a) -> Lookup.missing("The project keeps no trained weights for '" + a.name()
                + "', so there is no trained network to run images through.");
    }
}
