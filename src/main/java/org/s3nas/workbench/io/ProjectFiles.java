package org.s3nas.workbench.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Validator;

/**
 * Project files: versioned JSON ({@code "format": 1} first, then the project's fields, see the README's field
 * list), read strictly and validated, written atomically with the previous version kept as {@code <file>.bak}.
 * Also the bundled samples, which live in the jar under {@code /sample-projects/} and are unpacked to a cache
 * folder when the jar is not a plain folder, so their relative dataset paths work.
 */
public final class ProjectFiles {
    /** The format version this workbench reads and writes. */
    public static final int FORMAT = 1;

    /** The bundled sample opened when no project is given. */
    public static final String DEFAULT_SAMPLE = "fashion-mnist.json";

    /** Every bundled sample project (all in {@code sample-projects/} of the repository and the jar). */
    public static final List<String> BUNDLED_SAMPLES =
            List.of("fashion-mnist.json", "s3nas-imagenet.json", "s3nas-imagenet-constant-depth.json");

    /** Everything of {@code sample-projects/} that is unpacked with the samples (the data they point at). */
    static final List<String> BUNDLED_FILES = Stream.concat(BUNDLED_SAMPLES.stream(), Stream.of(
            "README.md", "data/README.md", "data/LICENSE",
            "data/train-images-idx3-ubyte.gz", "data/train-labels-idx1-ubyte.gz",
            "data/t10k-images-idx3-ubyte.gz", "data/t10k-labels-idx1-ubyte.gz")).toList();

    private static final String RESOURCE_ROOT = "/sample-projects/";

    private ProjectFiles() {}

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads and validates a project file. Every way it can fail (missing or unreadable file, broken JSON, wrong
     * or missing format version, unknown fields, wrong types, validation errors) raises a
     * {@link ProjectFileException} naming the field's path and, for text problems, the line and column.
     * Validation warnings do not fail the load; {@link Validator#validate(Project)} returns them.
     */
    public static Project load(Path file) throws ProjectFileException {
        return parse(JsonProblems.readText(file), file.toString());
    }

    /** As {@link #load(Path)}, from text; {@code label} names the source in messages. */
    public static Project parse(String text, String label) throws ProjectFileException {
        Problem syntax = JsonProblems.syntax(text, label);
        if (syntax != null) throw new ProjectFileException(label, List.of(syntax));
        Problem format = checkFormat(text, label);
        if (format != null) throw new ProjectFileException(label, List.of(format));
        Project project;
        try {
            List<Problem> shape = JsonShape.check(text, Json.mapper().readTree(text), Project.class, List.of("format"));
            if (!shape.isEmpty()) throw new ProjectFileException(label, shape);
            project = Json.mapper().readValue(text, Project.class);
        } catch (DatabindException e) {
            throw new ProjectFileException(label, List.of(JsonProblems.binding(e, text, label, List.of("format"))));
        } catch (ProjectFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ProjectFileException(label, List.of(Problem.error(label, "cannot be read: " + e.getMessage())));
        }
        if (project == null) throw JsonProblems.fail(label, "holds null instead of a project");
        List<Problem> errors = Validator.validate(project).stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) throw new ProjectFileException(label, errors);
        return project;
    }

    /** The top level must be an object with {@code "format": 1}. */
    private static Problem checkFormat(String text, String label) {
        try (JsonParser p = Json.mapper().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return Problem.error(label, "a project file is a JSON object, found "
                        + JsonProblems.found(t, t != null && t.isScalarValue() ? p.getText() : null)
                        + JsonProblems.at(p.currentTokenLocation()));
            }
            JsonToken formatToken = null;
            String formatText = null;
            JsonLocation formatLoc = null;
            boolean supergraph = false;
            boolean architecture = false;
            boolean supernet = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("format")) {
                    formatToken = v;
                    formatText = v.isScalarValue() ? p.getText() : null;
                    formatLoc = p.currentTokenLocation();
                }
                if (name.equals("stages_args")) supergraph = true;
                if (name.equals("architecture")) architecture = true;
                if (name.equals("supernet")) supernet = true;
                p.skipChildren();
            }
            if (architecture && !supernet) {
                return Problem.error(label, "is an architecture file (the architecture.json a search or training run writes), "
                        + "not a project: simulate it with 's3nas simulate " + label + "', or open the project the run belongs to");
            }
            if (formatToken == null) {
                return Problem.error("format", "is missing: a project file starts with \"format\": " + FORMAT
                        + (supergraph ? " (this looks like an authors' supergraph file: import it instead of opening it)" : ""));
            }
            if (formatToken != JsonToken.VALUE_NUMBER_INT) {
                return Problem.error("format", "expected an integer, found "
                        + JsonProblems.found(formatToken, formatText) + JsonProblems.at(formatLoc));
            }
            if (!formatText.equals(Integer.toString(FORMAT))) {
                return Problem.error("format", "unsupported format version " + formatText + ": this workbench reads format "
                        + FORMAT + (formatText.startsWith("-") || formatText.equals("0") ? "" : " (written by a newer workbench?)")
                        + JsonProblems.at(formatLoc));
            }
            return null;
        } catch (IOException e) {
            return Problem.error(label, "cannot be parsed: " + JsonProblems.plain(e.getMessage()));
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** The file's text: pretty-printed, {@code "format"} first, then the project's fields in record order. */
    public static String toJson(Project project) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.setAll((ObjectNode) Json.mapper().valueToTree(project));
        try {
            return Json.prettyWriter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a project atomically: the text goes to a temporary file in the same folder, is forced to disk, and
     * is renamed over {@code file} in one step, so a crash leaves either the old or the new file, never half of
     * one. The previous version is kept as {@code <file>.bak}. A project with validation errors is refused
     * ({@link ProjectFileException}) and the file is left as it was: every file written can be read back.
     */
    public static void save(Project project, Path file) throws IOException {
        List<Problem> errors = Validator.validate(project).stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) throw new ProjectFileException(file + " (not saved)", errors);
        writeAtomically(file, toJson(project).getBytes(StandardCharsets.UTF_8), true);
    }

    /** The backup {@link #save} keeps of the previous version. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /** Temp file + fsync + atomic rename, optionally keeping the old file as {@code .bak}. Used by other io formats. */
    static void writeAtomically(Path file, byte[] bytes, boolean keepBackup) throws IOException {
        Path target = file.toAbsolutePath();
        // A symbolic link is written through: the file it points at gets the new text, the link stays a link.
        if (Files.isSymbolicLink(target)) {
            try {
                target = target.toRealPath();
            } catch (java.nio.file.NoSuchFileException e) {
                Path link = Files.readSymbolicLink(target);
                target = target.resolveSibling(link).normalize();
            }
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(dir, target.getFileName().toString());
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            keepPermissions(target, tmp);
            if (keepBackup && Files.isRegularFile(target)) {
                // copy (not move) so that the project file exists at every moment
                Path bakTmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".bak.tmp");
                try {
                    Files.copy(target, bakTmp, StandardCopyOption.COPY_ATTRIBUTES);
                    try (FileChannel ch = FileChannel.open(bakTmp, StandardOpenOption.WRITE)) { ch.force(true); }
                    moveAtomically(bakTmp, backupOf(target));
                } finally {
                    Files.deleteIfExists(bakTmp);
                }
            }
            moveAtomically(tmp, target);
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes what an earlier save of {@code name} left behind when it was killed between writing its temporary file
     * and renaming it ({@code .<name>.<uuid>.tmp}, {@code .<name>.<uuid>.bak.tmp}); the user's files are never touched.
     */
    static void removeStaleTemporaries(Path dir, String name) {
        java.util.regex.Pattern mine = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote("." + name + ".")
                + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.bak)?\\.tmp");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> mine.matcher(f.getFileName().toString()).matches()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | UncheckedIOException e) {
            // cleaning is a courtesy: the save itself does not depend on it
        }
    }

    /** A rewritten file keeps the permissions the user gave the old one. */
    private static void keepPermissions(Path from, Path to) {
        if (!Files.isRegularFile(from)) return;
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the default permissions apply
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException { AtomicFiles.move(from, to); }

    /** Makes the rename itself durable (Linux; other systems may refuse to open a folder, which is harmless). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here; the file itself was forced before the rename
        }
    }

    // ------------------------------------------------------------------------------------------------ data paths

    /**
     * The dataset folder of a project: an absolute {@code search.dataset.path} as it is, a relative one resolved
     * against the folder holding the project file.
     */
    public static Path resolveDataPath(Project project, Path projectFile) {
        if (project.search() == null || project.search().dataset() == null || project.search().dataset().path() == null) {
            throw new IllegalArgumentException("project '" + project.name() + "' has no dataset path");
        }
        Path p;
        try {
            p = Path.of(project.search().dataset().path());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("search.dataset.path: not a valid folder name: " + e.getReason());
        }
        if (p.isAbsolute()) return p.normalize();
        Path folder = projectFile.toAbsolutePath().getParent();
        return folder.resolve(p).normalize();
    }

    // ------------------------------------------------------------------------------------------------ samples

    /** The bundled fashion-mnist sample (a build without it is broken, hence unchecked). */
    public static Project loadBundledSample() {
        try {
            return load(bundledSampleFile(DEFAULT_SAMPLE));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled sample cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The file of the default bundled sample; pass it to {@link #resolveDataPath}. */
    public static Path bundledSampleFile() throws IOException {
        return bundledSampleFile(DEFAULT_SAMPLE);
    }

    /**
     * A bundled sample as a real file with its data beside it: the classpath folder itself when the classes are a
     * folder (a development build), otherwise a copy unpacked once into the cache folder
     * ({@code $XDG_CACHE_HOME/s3nas} or {@code ~/.cache/s3nas}; the system property {@code s3nas.cacheDir}
     * overrides it).
     */
    public static Path bundledSampleFile(String name) throws IOException {
        if (!BUNDLED_SAMPLES.contains(name)) {
            throw new IllegalArgumentException("no bundled sample '" + name + "'; there are " + BUNDLED_SAMPLES);
        }
        URL url = ProjectFiles.class.getResource(RESOURCE_ROOT + name);
        if (url == null) throw new IOException("the bundled sample " + RESOURCE_ROOT + name + " is missing from the build");
        if (url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through to unpacking
            }
        }
        return unpackSamples(cacheRoot()).resolve(name);
    }

    /** The cache folder for unpacked samples. */
    static Path cacheRoot() {
        String prop = System.getProperty("s3nas.cacheDir");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "s3nas");
        return Path.of(System.getProperty("user.home"), ".cache", "s3nas");
    }

    /**
     * Unpacks every bundled file into {@code root/sample-projects-<hash>} (the hash of the bundled bytes, so a
     * new build never reuses stale files) and returns that folder. Unpacking goes to a temporary folder renamed
     * into place, so a half-unpacked folder is never used.
     */
    static Path unpackSamples(Path root) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String f : BUNDLED_FILES) {
            try (InputStream in = ProjectFiles.class.getResourceAsStream(RESOURCE_ROOT + f)) {
                if (in == null) throw new IOException("bundled file " + RESOURCE_ROOT + f + " is missing from the build");
                byte[] b = in.readAllBytes();
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update(b);
                contents.add(b);
            }
        }
        Path dir = root.resolve("sample-projects-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12));
        if (Files.isRegularFile(dir.resolve(".complete"))) return dir;
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".unpacking-");
        try {
            for (int i = 0; i < BUNDLED_FILES.size(); i++) {
                Path out = tmp.resolve(BUNDLED_FILES.get(i));
                Files.createDirectories(out.getParent());
                Files.write(out, contents.get(i));
            }
            Files.writeString(tmp.resolve(".complete"), "unpacked from the workbench jar\n");
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another process may have unpacked the same samples first: theirs is as good
                if (!Files.isRegularFile(dir.resolve(".complete"))) throw e;
            }
        } finally {
            deleteTree(tmp);
        }
        if (!Files.isRegularFile(dir.resolve(".complete"))) throw new IOException("could not unpack the samples into " + dir);
        return dir;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
