package org.s3nas.workbench.app.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Each block's choice at every step of a run the workbench watches, kept in the run folder as {@code choices.csv}
 * (a line per step: the step, then one {@link ChoiceHistory#code} per block), because the run's own history holds
 * no choices: without it a resumed run's "Block choices over time" began at the resume while the other charts
 * showed the whole run, and a finished run showed none. A step written again (a resume replays the steps after
 * its checkpoint) replaces the later ones when read.
 */
final class ChoiceLog {
    static final String FILE = "choices.csv";

    /** One line: a step and its per-block codes. */
    record Row(long step, int[] codes) {}

    private final Path file;
    private boolean failed;

    ChoiceLog(Path runDir) {
        this.file = runDir.resolve(FILE);
    }

    /**
     * Appends one event's choices (the run's listener thread). A write that fails stops the log, never the run: the
     * heatmap then has what was written so far.
     */
    synchronized void append(long step, List<List<int[]>> choices) {
        if (failed || choices == null) return;
        StringBuilder sb = new StringBuilder().append(step);
        for (List<int[]> block : choices) sb.append(',').append(ChoiceHistory.code(block));
        sb.append('\n');
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            failed = true;
        }
    }

    /** The rows of a run folder's log in file order; empty when it has none. A malformed line names the file and line. */
    static List<Row> read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        List<Row> out = new ArrayList<>();
        if (!Files.exists(f)) return out;
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] parts = line.split(",");
            try {
                int[] codes = new int[parts.length - 1];
                for (int b = 0; b < codes.length; b++) codes[b] = Integer.parseInt(parts[b + 1].strip());
                out.add(new Row(Long.parseLong(parts[0].strip()), codes));
            } catch (NumberFormatException e) {
                // the last line of a run killed while writing may be cut short: keep what came before it
                if (i == lines.size() - 1) break;
                throw new IOException(f + ": line " + (i + 1) + ": expected a step and whole-number codes, found '" + line + "'");
            }
        }
        return out;
    }
}
