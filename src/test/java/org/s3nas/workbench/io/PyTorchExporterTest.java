package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.post.SeTransforms;

class PyTorchExporterTest {
    @TempDir
    Path dir;

    /** Every block feature the exporter must render: no expand conv, MixConv, merging, SE, noskip, every activation, a skip. */
    static Architecture varied() {
        List<Block> blocks = List.of(
                new Block(0, 16, 16, 1, true, List.of(new Branch(3, 1)), 0.25, Activation.RELU6),
                new Block(1, 16, 32, 2, false, List.of(new Branch(3, 2), new Branch(5, 2), new Branch(7, 2)), 0, Activation.SWISH),
                new Block(1, 32, 32, 1, true, List.of(new Branch(3, 2), new Branch(3, 2), new Branch(5, 0)), 0.25, Activation.HSWISH),
                new Block(2, 32, 48, 1, false, List.of(new Branch(5, 6)), 0.25, Activation.SIGMOID),
                new Block(2, 48, 48, 1, false, List.of(new Branch(3, 3), new Branch(7, 3)), 0, Activation.HSIGMOID),
                new Block(2, 48, 48, 1, true, List.of(new Branch(3, 0), new Branch(5, 0)), 0, Activation.RELU),
                new Block(2, 48, 48, 1, true, List.of(new Branch(5, 4)), 0.25, Activation.RELU));
        return new Architecture("varied \"test\" net", InputShape.square(32, 3), new Stem(16, 3, 2, Activation.HSWISH), blocks,
                new Head(64, 10, Activation.RELU));
    }

    static Architecture paperLargestPlus() {
        List<Superkernel> sks = List.of(new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false), new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
        int[][] sd = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        List<Stage> stages = new ArrayList<>();
        for (int[] s : sd) stages.add(new Stage(s[0], s[1], s[2], BlockKind.MIXCONV, sks, 0, Activation.RELU));
        Supernet sn = new Supernet("paper", InputShape.square(224, 3), new Stem(32, 7, 2, Activation.RELU), stages,
                new Head(1280, 1000, Activation.RELU));
        return SeTransforms.withSeAndHswish(sn.largest());
    }

    record Run(int exit, String out) {}

    static Run python(String python, Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    static boolean works(String python, String code) {
        try {
            return python(python, Path.of("."), "-c", code).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void generatedSourceCompiles() throws Exception {
        Assumptions.assumeTrue(works("python3", "pass"), "python3 is not on the PATH");
        for (Architecture a : List.of(varied(), paperLargestPlus())) {
            Path f = dir.resolve("net.py");
            PyTorchExporter.write(a, 0.4, f);
            Run r = python("python3", dir, "-m", "py_compile", f.toString());
            assertEquals(0, r.exit(), r.out());
        }
    }

    /** A recording stand-in for torch: every module construction is logged with its arguments. */
    private static final String STUB_NN = """
            LOG = []


            class Module:
                def __init__(self, *args, **kwargs):
                    LOG.append({"kind": type(self).__name__, "args": [], "kwargs": {}})


            def _layer(kind):
                class Layer(Module):
                    def __init__(self, *args, **kwargs):
                        LOG.append({"kind": kind, "args": list(args), "kwargs": kwargs})
                Layer.__name__ = kind
                return Layer


            for _k in ["Conv2d", "BatchNorm2d", "Linear", "ReLU", "ReLU6", "Sigmoid", "AdaptiveAvgPool2d", "Dropout"]:
                globals()[_k] = _layer(_k)


            class Sequential(Module):
                def __init__(self, *mods):
                    self.mods = list(mods)

                def __iter__(self):
                    return iter(self.mods)


            class ModuleList(Module):
                def __init__(self, mods):
                    self.mods = list(mods)
            """;

    /** conv as (in, out, kernel, stride, padding, groups, bias) from the stub log. */
    record Conv(long in, long out, int kernel, int stride, int padding, long groups, boolean bias) {
        long parameters() { return out * (in / groups) * kernel * kernel + (bias ? out : 0); }
    }

    static List<Conv> expectedConvs(Architecture a) {
        List<Conv> out = new ArrayList<>();
        out.add(new Conv(a.input().channels(), a.stem().channels(), a.stem().kernel(), a.stem().stride(), a.stem().kernel() / 2, 1, false));
        long c = a.stem().channels();
        for (Block b : a.blocks()) {
            if (b.isSkip()) continue;
            long e = (long) b.totalExpansion() * b.inChannels();
            if (b.totalExpansion() != 1) out.add(new Conv(b.inChannels(), e, 1, 1, 0, 1, false));
            for (Branch br : b.mergedBranches()) {
                long ch = (long) br.expansion() * b.inChannels();
                out.add(new Conv(ch, ch, br.kernel(), b.stride(), br.kernel() / 2, ch, false));
            }
            if (b.seRatio() > 0) {
                long s = (long) (b.inChannels() * b.seRatio());
                out.add(new Conv(e, s, 1, 1, 0, 1, true));
                out.add(new Conv(s, e, 1, 1, 0, 1, true));
            }
            out.add(new Conv(e, b.outChannels(), 1, 1, 0, 1, false));
            c = b.outChannels();
        }
        out.add(new Conv(c, a.head().featureChannels(), 1, 1, 0, 1, false));
        return out;
    }

    static List<String> expectedActivations(Architecture a) {
        List<String> out = new ArrayList<>();
        out.add(torchName(a.stem().activation()));
        for (Block b : a.blocks()) {
            if (b.isSkip()) continue;
            if (b.totalExpansion() != 1) out.add(torchName(b.activation()));
            out.add(torchName(b.activation()));
            if (b.seRatio() > 0) out.add("ReLU");
        }
        out.add(torchName(a.head().activation()));
        return out;
    }

    static String torchName(Activation a) {
        return switch (a) {
            case RELU -> "ReLU";
            case RELU6 -> "ReLU6";
            case SWISH -> "Swish";
            case HSWISH -> "HSwish";
            case SIGMOID -> "Sigmoid";
            case HSIGMOID -> "HSigmoid";
        };
    }

    @Test
    void constructorBuildsExactlyTheArchitecturesLayers() throws Exception {
        Assumptions.assumeTrue(works("python3", "pass"), "python3 is not on the PATH");
        Path stub = dir.resolve("stub");
        Files.createDirectories(stub.resolve("torch/nn"));
        Files.writeString(stub.resolve("torch/__init__.py"), "from . import nn\n\n\ndef no_grad():\n    return lambda f: f\n");
        Files.writeString(stub.resolve("torch/nn/__init__.py"), STUB_NN);
        Files.writeString(stub.resolve("torch/nn/functional.py"), "");
        Files.writeString(dir.resolve("run.py"), """
                import sys, json, importlib.util
                sys.path.insert(0, sys.argv[1])
                spec = importlib.util.spec_from_file_location("generated", sys.argv[2])
                mod = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(mod)
                import torch.nn as nn
                mod.build()
                print(json.dumps(nn.LOG))
                """);
        ObjectMapper json = new ObjectMapper();
        for (Architecture a : List.of(varied(), paperLargestPlus())) {
            Path f = dir.resolve("net.py");
            PyTorchExporter.write(a, 0.3, f);
            Run r = python("python3", dir, "run.py", stub.toString(), f.toString());
            assertEquals(0, r.exit(), r.out());
            JsonNode log = json.readTree(r.out());
            List<Conv> convs = new ArrayList<>();
            List<String> acts = new ArrayList<>();
            long params = 0;
            List<Long> linear = new ArrayList<>();
            double dropout = -1;
            for (JsonNode m : log) {
                String kind = m.get("kind").asText();
                JsonNode args = m.get("args");
                switch (kind) {
                    case "Conv2d" -> {
                        Conv c = new Conv(args.get(0).asLong(), args.get(1).asLong(), args.get(2).asInt(), args.get(3).asInt(),
                                args.get(4).asInt(), m.get("kwargs").get("groups").asLong(), m.get("kwargs").get("bias").asBoolean());
                        convs.add(c);
                        params += c.parameters();
                    }
                    case "BatchNorm2d" -> params += 2 * args.get(0).asLong();
                    case "Linear" -> {
                        linear.add(args.get(0).asLong());
                        linear.add(args.get(1).asLong());
                        params += args.get(0).asLong() * args.get(1).asLong() + args.get(1).asLong();
                    }
                    case "Dropout" -> dropout = args.get(0).asDouble();
                    case "ReLU", "ReLU6", "Sigmoid", "Swish", "HSwish", "HSigmoid" -> acts.add(kind);
                    default -> { }
                }
            }
            assertEquals(expectedConvs(a), convs, a.name());
            assertEquals(expectedActivations(a), acts, a.name());
            assertEquals(List.of((long) a.head().featureChannels(), (long) a.head().classes()), linear);
            assertEquals(0.3, dropout, 0);
            assertEquals(ModelCost.parameters(a), params, "constructed parameters = workbench count");
        }
    }

    @Test
    void sourceStatesTheArchitectureAndEscapesItsName() {
        Architecture a = varied();
        String src = PyTorchExporter.source(a);
        assertTrue(src.contains("ARCHITECTURE = \"varied \\\"test\\\" net\""), src.lines().limit(12).toList().toString());
        assertTrue(src.contains("INPUT_SHAPE = (3, 32, 32)"));
        assertTrue(src.contains("PARAMETERS = " + ModelCost.parameters(a)));
        // the skip block (index 5) is left out; the others keep their workbench index
        assertTrue(src.contains("    (4, 2, 48, 48, 1, [(3, 144), (7, 144)], True, 0, \"hsigmoid\", False),"), src);
        assertTrue(src.contains("    (6, 2, 48, 48, 1, [(5, 192)], True, 12, \"relu\", True),"), src);
        assertTrue(!src.contains("    (5, 2,"));
        assertEquals("\"a\\\\b\\u00e9\\u000a\"", PyTorchExporter.pyString("a\\bé\n"));
    }

    /** Only where PyTorch is installed (Debian python3-torch): instantiate, run a forward pass, count parameters. */
    @Test
    void forwardPassWithRealTorch() throws Exception {
        Assumptions.assumeTrue(works("/usr/bin/python3", "import torch"), "PyTorch is not installed for /usr/bin/python3");
        ObjectMapper json = new ObjectMapper();
        for (Architecture a : List.of(varied(), paperLargestPlus())) {
            Path f = dir.resolve("net.py");
            PyTorchExporter.write(a, 0.2, f);
            Run r = python("/usr/bin/python3", dir, f.toString());
            assertEquals(0, r.exit(), r.out());
            String last = r.out().strip().lines().reduce((x, y) -> y).orElse("");
            JsonNode out = json.readTree(last);
            assertEquals(List.of(1, a.head().classes()), List.of(out.get("output").get(0).asInt(), out.get("output").get(1).asInt()));
            assertEquals(ModelCost.parameters(a), out.get("parameters").asLong());
            assertEquals(ModelCost.parameters(a), out.get("expected_parameters").asLong());
        }
        Path f = dir.resolve("net.py");
        Architecture a = varied();
        PyTorchExporter.write(a, 0.2, f);
        Files.writeString(dir.resolve("se.py"), """
                import sys, json, importlib.util, torch
                spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
                mod = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(mod)
                model = mod.build().eval()
                ex = model.se_excitations(torch.rand(5, *mod.INPUT_SHAPE))
                print(json.dumps({str(k): list(v.shape) for k, v in ex.items()}))
                """);
        Run r = python("/usr/bin/python3", dir, "se.py", f.toString());
        assertEquals(0, r.exit(), r.out());
        JsonNode shapes = json.readTree(r.out().strip().lines().reduce((x, y) -> y).orElse(""));
        for (int i : SeTransforms.seBlocks(a)) {
            assertEquals(5, shapes.get(String.valueOf(i)).get(0).asInt());
            assertEquals(a.blocks().get(i).expandedChannels(), shapes.get(String.valueOf(i)).get(1).asInt());
        }
        assertEquals(SeTransforms.seBlocks(a).size(), shapes.size());
    }
}
