package org.s3nas.workbench.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.io.ProjectFileException;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.io.SupergraphImporter;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;

/** The real {@link ProjectStore}: project files, bundled samples and the supergraph importer of the io package. */
public final class FileProjectStore implements ProjectStore {
    /** The bundled samples offered by File → New, in this order; the first is the default project. */
    private static final List<String[]> SAMPLES = List.of(
            new String[]{"fashion-mnist.json", "Fashion-MNIST proxy",
                    "A small linear-depth MixConv supernet for 28×28 grey images that a CPU can search; "
                            + "trains on the bundled Fashion-MNIST subset."},
            new String[]{"s3nas-imagenet.json", "Paper search space (S3NAS Table 3)",
                    "The authors' mixconv_super_3_4_7_4_11: 224×224×3, five stages, 29 MixConv blocks, "
                            + "MIDAP defaults, 2.5 ms target; searched on the Fashion-MNIST proxy."},
            new String[]{"s3nas-imagenet-constant-depth.json", "Paper search space at constant depth",
                    "The same 29 blocks spread 6, 6, 6, 6, 5 over the stages: the baseline of the "
                            + "linear-versus-constant depth comparison (paper Table 4)."});

    @Override
    public Project load(Path file) throws ProjectProblemException { return read(file, ProjectFiles::load); }

    @Override
    public void save(Project project, Path file) throws IOException, ProjectProblemException {
        try {
            ProjectFiles.save(project, file);
        } catch (ProjectFileException e) {
            throw new ProjectProblemException(file, e.problems(), e);
        }
    }

    @Override
    public Project defaultProject() { return templates().get(0).create(); }

    @Override
    public List<ProjectTemplate> templates() {
        return SAMPLES.stream().map(s -> new ProjectTemplate(s[1], s[2], () -> sample(s[0]))).toList();
    }

    /**
     * A bundled sample as a new project. Its dataset path is made absolute, because the new project will be saved
     * somewhere else and a path relative to the sample's folder would point nowhere there.
     */
    static Project sample(String name) {
        try {
            Path file = ProjectFiles.bundledSampleFile(name);
            Project p = ProjectFiles.load(file);
            if (p.search() == null || p.search().dataset() == null || p.search().dataset().path() == null) return p;
            return p.withSearch(withDatasetPath(p.search(), ProjectFiles.resolveDataPath(p, file).toString()));
        } catch (IOException e) {
            // the samples are part of the build: a missing one is a broken build, not a user error
            throw new UncheckedIOException("the bundled sample " + name + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static SearchConfig withDatasetPath(SearchConfig c, String path) {
        DatasetSpec d = c.dataset();
        return c.withDataset(new DatasetSpec(d.format(), path, d.classes(), d.validationFraction(), d.augment()));
    }

    @Override
    public Supernet importSupergraph(Path file) throws ProjectProblemException { return read(file, SupergraphImporter::importSupernet); }

    /** How a project or a supergraph is read from a file, reporting every problem it finds. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(Path file) throws ProjectFileException;
    }

    /** Reads {@code file} with {@code reader}; the problems found in it become a {@link ProjectProblemException}. */
    private static <T> T read(Path file, Reader<T> reader) throws ProjectProblemException {
        try {
            return reader.read(file);
        } catch (ProjectFileException e) {
            throw new ProjectProblemException(file, e.problems(), e);
        }
    }

    @Override
    public String extension() { return ".json"; }
}
