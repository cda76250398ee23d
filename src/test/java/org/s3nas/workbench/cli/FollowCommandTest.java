package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.search.SearchFollowTest;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.search.SearchRun;
import picocli.CommandLine;

/**
 * {@code search <project> --follow DIR}: the progress lines of a run folder another process writes, each epoch end with
 * its validation accuracy, and when its result appears the architecture with its simulated latency; exit 0.
 */
class FollowCommandTest {
    @TempDir
    Path dir;

    @Test
    void followsARunFolderUntilItsResultAppears() throws Exception {
        Path projectFile = Path.of("sample-projects/fashion-mnist.json");
        Project p = ProjectFiles.load(projectFile);
        Path run = dir.resolve("run");
        java.nio.file.Files.createDirectories(run);
        BackgroundRun.writeAtomically(run.resolve(SearchRun.CONFIG_FILE), BackgroundRun.mapper().writeValueAsString(p.search()));
        SearchFollowTest.writeHistory(run, 5);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = S3nasCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> cl.execute("search", projectFile.toString(), "--follow", run.toString()));
        Thread.sleep(1500);
        assertTrue(!code.isDone(), "it waits for the run: " + out);
        SearchFollowTest.writeHistory(run, 20);
        Architecture a = p.supernet().smallest().withoutSkips();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("format", 1);
        result.put("architecture", a);
        BackgroundRun.writeAtomically(run.resolve(SearchRun.ARCHITECTURE_FILE), BackgroundRun.mapper().writeValueAsString(result));
        result.put("validationAccuracy", 0.5);
        result.put("estimatedLatencyMs", 0.05);
        result.put("targetLatencyMs", 0.08);
        result.put("steps", 20);
        BackgroundRun.writeAtomically(run.resolve(SearchRun.RESULT_FILE), BackgroundRun.mapper().writeValueAsString(result));
        assertEquals(0, code.get(60, TimeUnit.SECONDS), err.toString());
        String o = out.toString();
        assertTrue(o.contains("step 5 "), o);
        assertTrue(o.contains("step 10 ") && o.contains("val-acc 0.500"), "an epoch end with its validation: " + o);
        assertTrue(o.contains("step 20 "), o);
        assertTrue(o.contains("architecture: " + a.blocks().size() + " blocks"), o);
        assertTrue(o.contains("simulated latency"), o);
    }
}
