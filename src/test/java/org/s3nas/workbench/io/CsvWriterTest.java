package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.post.CompoundScaling;
import org.s3nas.workbench.post.SeRanking;

class CsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void quotesOnlyWhatNeedsQuoting() {
        assertEquals("plain", CsvWriter.quote("plain"));
        assertEquals("\"a,b\"", CsvWriter.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvWriter.quote("two\nlines"));
        assertEquals("\"cr\rhere\"", CsvWriter.quote("cr\rhere"));
        assertEquals("\" padded \"", CsvWriter.quote(" padded "));
        assertEquals("", CsvWriter.quote(""));
    }

    @Test
    void formatsNumbersLocaleIndependently() {
        java.util.Locale old = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("0.8604", CsvWriter.format(0.8604));
            assertEquals("3", CsvWriter.format(3.0));
            assertEquals("0.000000001", CsvWriter.format(1e-9));
            assertEquals("12345678901", CsvWriter.format(12345678901L));
            assertEquals("", CsvWriter.format(Double.NaN));
            assertEquals("", CsvWriter.format(null));
            assertEquals("true", CsvWriter.format(true));
        } finally {
            java.util.Locale.setDefault(old);
        }
    }

    @Test
    void tableRoundTripsThroughAnRfc4180Reader() throws Exception {
        CsvWriter w = new CsvWriter("name", "value", "note");
        w.row("a,b", 1.5, "line1\nline2").row("q\"uote", 2L, null);
        Path f = dir.resolve("t.csv");
        w.write(f);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertEquals("name,value,note\r\n\"a,b\",1.5,\"line1\nline2\"\r\n\"q\"\"uote\",2,\r\n", text);
        assertEquals(List.of(List.of("name", "value", "note"), List.of("a,b", "1.5", "line1\nline2"), List.of("q\"uote", "2", "")), parse(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.row("only one"));
        assertTrue(e.getMessage().contains("row 2 has 1 fields, the header has 3"), e.getMessage());
    }

    /** A minimal RFC 4180 reader, to check that what is written reads back. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { f.append('"'); i++; }
                else if (c == '"') quoted = false;
                else f.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(f.toString()); f.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(f.toString()); f.setLength(0); rows.add(row); row = new ArrayList<>(); i++;
            } else {
                f.append(c);
            }
        }
        return rows;
    }

    @Test
    void scalingAndSeTables() {
        Architecture a = PyTorchExporterTest.paperLargestPlus();
        ToDoubleFunction<Architecture> ms = x -> ModelCost.macs(x) / 1024.0 / 1e6;
        CompoundScaling.Result r = new CompoundScaling().search(a, 1.5 * ms.applyAsDouble(a), ms);
        List<List<String>> rows = parse(CsvTables.scalingCandidates(r).toCsv());
        assertEquals(r.candidates().size() + 1, rows.size());
        int chosenCol = rows.get(0).indexOf("chosen");
        assertEquals(1, rows.stream().skip(1).filter(x -> x.get(chosenCol).equals("true")).count());
        List<String> first = rows.get(1);
        assertEquals(CompoundScaling.stageDepths(r.candidates().get(0).architecture()).stream().map(String::valueOf).toList(),
                List.of(first.get(rows.get(0).indexOf("stage_depths")).split(" ")));

        List<SeRanking.Score> ranking = List.of(new SeRanking.Score(3, 1, 96, 100, 0.021), new SeRanking.Score(0, 0, 64, 100, 0.118));
        List<List<String>> se = parse(CsvTables.seRanking(ranking, Map.of(3, 0.0125)).toCsv());
        assertEquals(List.of("rank", "block", "stage", "channels", "images", "metric", "se_latency_ms"), se.get(0));
        assertEquals(List.of("1", "3", "1", "96", "100", "0.021", "0.0125"), se.get(1));
        assertEquals(List.of("2", "0", "0", "64", "100", "0.118", ""), se.get(2));
        List<List<String>> curve = parse(CsvTables.seRemovalCurve(List.of(new SeRanking.Step(0, -1, Double.NaN, 2.0, 100),
                new SeRanking.Step(1, 3, 0.021, 1.75, 90))).toCsv());
        assertEquals(List.of("0", "", "", "2", "0", "100"), curve.get(1));
        assertEquals(List.of("1", "3", "0.021", "1.75", "0.25", "90"), curve.get(2));
    }
}
