package org.s3nas.workbench.io.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.s3nas.workbench.engine.BackgroundRun;

/**
 * The Python with PyTorch the exported packages run on (Debian's python3-torch: /usr/bin/python3 and /usr/bin/torchrun,
 * which .ci/run installs when missing). Tests that need it are skipped with {@link #MISSING} when it is not there.
 */
public final class PythonTorch {
    public static final String MISSING = "PyTorch is not installed (apt-get install -y python3-torch; .ci/run does it): "
            + "the exported Python package cannot be run";
    private static Boolean available;

    private PythonTorch() {}

    public static String python() { return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3"; }

    public static String torchrun() { return Files.isExecutable(Path.of("/usr/bin/torchrun")) ? "/usr/bin/torchrun" : "torchrun"; }

    /** Whether {@code python3 -c 'import torch'} works (checked once). */
    public static synchronized boolean available() {
        if (available == null) {
            try {
                available = run(Path.of("."), 120, python(), "-c", "import torch").exitCode() == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    /**
     * Starts {@code python3 launch.py --standalone --nproc_per_node=2 <script> <args>} of an exported package in
     * {@code dir} (one thread per process), its output (stdout and stderr) going to {@code log}.
     */
    public static Process launchTwo(Path pkg, String script, Path dir, Path log, String... args) throws IOException {
        // torchrun's --standalone always takes port 29400 (torch 1.13): a second DDP run on the machine at the same time
        // (another test run) breaks the rendezvous; a free port of its own instead
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(python(), pkg.resolve("launch.py").toString(), "--nnodes=1",
                "--rdzv_backend=c10d", "--rdzv_endpoint=localhost:" + port, "--rdzv_id=s3nas-test-" + port,
                "--nproc_per_node=2", pkg.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /**
     * Waits (at most 300 s) until the run folder of a {@link #launchTwo} run has a checkpoint at step {@code step} or
     * later, then kills one of its workers (the process running {@code script}) with -9 and waits for torchrun to stop.
     * Fails with the log when the {@code what} ("training", "search") ends before its checkpoint, none comes in time, or
     * torchrun does not stop. Ends torchrun and its workers in any case; torchrun's exit value is left to the test.
     */
    public static void killAWorkerAfterCheckpoint(Process torchrun, String script, Path run, long step, Path log, String what)
            throws InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (checkpointStep(run) < step) {
                assertTrue(torchrun.isAlive(), () -> "the " + what + " ended before its first checkpoint:\n" + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "no checkpoint within 300 s:\n" + read(log));
                Thread.sleep(20);
            }
            ProcessHandle worker = torchrun.descendants().filter(h -> h.info().commandLine().orElse("").contains(script))
                    .findFirst().orElseThrow(() -> new AssertionError("no worker process:\n" + read(log)));
            assertTrue(worker.destroyForcibly(), "kill -9 of a worker");
            assertTrue(torchrun.waitFor(120, TimeUnit.SECONDS), "torchrun stops when a worker dies");
        } finally {
            torchrun.descendants().forEach(ProcessHandle::destroyForcibly);
            torchrun.destroyForcibly();
        }
    }

    /**
     * Waits at most {@code seconds} for a {@link #launchTwo} run to finish (failing with the log, naming it as
     * {@code what}, when it does not) and returns its log. Ends the run and its workers in any case.
     */
    public static String awaitFinish(Process torchrun, long seconds, Path log, String what) throws InterruptedException {
        try {
            assertTrue(torchrun.waitFor(seconds, TimeUnit.SECONDS), () -> what + " did not finish:\n" + read(log));
        } finally {
            torchrun.descendants().forEach(ProcessHandle::destroyForcibly);
            torchrun.destroyForcibly();
        }
        return read(log);
    }

    /** The step of a run folder's last checkpoint (its checkpoint.json), -1 when there is none yet. */
    public static long checkpointStep(Path run) {
        Path f = run.resolve("checkpoint.json");
        if (!Files.exists(f)) return -1;
        try {
            return org.s3nas.workbench.search.RunFolder.readJson(f).get("step").asLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A log's text, or why there is none. */
    public static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /**
     * One step of an exported package's parity script ({@code parity_step.py}, {@code train_parity_step.py}) in
     * {@code dir}: {@code input} is written to step.json, the script runs on the saved {@code state} (failing with its
     * output when it does not exit 0), and what it wrote to torch.json is returned.
     */
    public static JsonNode parityStep(Path dir, Path script, Path state, Map<String, Object> input) throws IOException {
        Path in = dir.resolve("step.json"), out = dir.resolve("torch.json");
        BackgroundRun.writeAtomically(in, BackgroundRun.mapper().writeValueAsString(input));
        Result r = run(dir, 300, python(), script.toString(), "--state", state.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.output());
        return BackgroundRun.mapper().readTree(out.toFile());
    }

    /** A finished process: exit code and its output (stdout and stderr together). */
    public record Result(int exitCode, String output) {}

    /** Runs a command in {@code dir}, waits at most {@code seconds} (then kills it and fails). */
    public static Result run(Path dir, long seconds, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path log = Files.createTempFile("python-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": did not finish within " + seconds + " s:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
