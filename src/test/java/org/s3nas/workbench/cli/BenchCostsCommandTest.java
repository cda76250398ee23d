package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.*;

class BenchCostsCommandTest {
    @Test
    void printsTheColdAndTheEditedTimesOfThePapersSpace() throws Exception {
        var p = org.s3nas.workbench.io.ProjectFiles.load(java.nio.file.Path.of("sample-projects/s3nas-imagenet.json"));
        var c = org.s3nas.workbench.npu.SpaceCosts.compute(p.supernet(), p.npu(), null);
        CommandLine cl = S3nasCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("bench", "costs", "sample-projects/s3nas-imagenet.json", "--warmup", "0", "--runs", "1");
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.startsWith(String.format(java.util.Locale.ROOT,
                "Costs of s3nas-imagenet.json (mixconv_super_3_4_7_4_11, 29 blocks): 10^44.51 architectures, %.3f - %.3f ms on MIDAP",
                c.smallestLatencyMs(), c.largestLatencyMs())), text);
        assertTrue(text.contains("first run (cold JIT): "), text);
        assertTrue(text.contains("after an edit, median of 1 runs: "), text);
        assertEquals(2, cl.execute("bench", "costs", "--runs", "0"));
        assertTrue(err.toString().contains("--runs >= 1"));
    }
}
