package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ValidateCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = S3nasCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fashion-mnist", "s3nas-imagenet", "s3nas-imagenet-constant-depth"})
    void everySampleIsValid(String name) {
        Run r = run("validate", "sample-projects/" + name + ".json");
        assertEquals(0, r.code(), r.err());
        assertEquals("ok: " + name, r.out().strip());
        assertEquals("", r.err(), "the samples have no warnings: their data folder exists");
    }

    @Test
    void brokenFileExitsTwoWithOnePathLinePerProblem() throws IOException {
        String text = Files.readString(Path.of("sample-projects/fashion-mnist.json"))
                .replace("\"depth\": 5", "\"depth\": 0")
                .replace("\"lambda1\": 15.0", "\"lambda1\": -15.0");
        Path file = dir.resolve("broken.json");
        Files.writeString(file, text);
        Run r = run("validate", file.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(List.of("supernet.stages[3].depth: must be at least 1, was 0", "search.lambda1: must be at least 0, was -15"), lines);
        assertEquals(text, Files.readString(file), "validate never changes the file");
    }

    @Test
    void typeErrorLineHasLineAndColumn() throws IOException {
        String text = Files.readString(Path.of("sample-projects/fashion-mnist.json")).replace("\"cims\": 16", "\"cims\": \"sixteen\"");
        Path file = dir.resolve("typo.json");
        Files.writeString(file, text);
        Run r = run("validate", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().matches("npu\\.cims: expected an integer, found \"sixteen\" \\(line \\d+, column 13\\)\\R"), r.err());
    }

    @Test
    void missingFileExitsTwo() {
        Path file = dir.resolve("missing.json");
        Run r = run("validate", file.toString());
        assertEquals(2, r.code());
        assertEquals(file + ": no such file", r.err().strip());
    }

    @Test
    void missingDataFolderIsAWarningNotAnError() throws IOException {
        Path file = dir.resolve("moved.json");
        Files.copy(Path.of("sample-projects/fashion-mnist.json"), file);
        Run r = run("validate", file.toString());
        assertEquals(0, r.code());
        assertEquals("ok: fashion-mnist", r.out().strip());
        assertTrue(r.err().startsWith("warning: search.dataset.path: folder " + dir.resolve("data") + " does not exist"), r.err());
    }

    @Test
    void noArgumentIsAUsageError() {
        Run r = run("validate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("PROJECT"), r.err());
    }
}
