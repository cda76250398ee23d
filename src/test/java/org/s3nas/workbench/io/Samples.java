package org.s3nas.workbench.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Test helpers: the repository's sample projects and edits of their JSON. */
final class Samples {
    static final Path DIR = Path.of("sample-projects");
    static final Path FASHION = DIR.resolve("fashion-mnist.json");
    static final Path IMAGENET = DIR.resolve("s3nas-imagenet.json");
    static final Path CONSTANT = DIR.resolve("s3nas-imagenet-constant-depth.json");

    private Samples() {}

    static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's JSON after {@code edit}, pretty-printed as the workbench writes it. */
    static String edited(Path sample, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(text(sample));
            edit.accept(root);
            return Json.prettyWriter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode stage(ObjectNode root, int i) {
        return (ObjectNode) root.get("supernet").get("stages").get(i);
    }

    static ObjectNode superkernel(ObjectNode root, int stage, int j) {
        return (ObjectNode) stage(root, stage).get("superkernels").get(j);
    }

    /** "(line L, column C)" of the only occurrence of {@code needle} in {@code text}. */
    static String lineCol(String text, String needle) {
        int i = text.indexOf(needle);
        if (i < 0 || text.indexOf(needle, i + 1) >= 0) throw new IllegalArgumentException("'" + needle + "' is not unique in the text");
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return "(line " + line + ", column " + (i - lineStart + 1) + ")";
    }
}
