package org.s3nas.workbench.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Limits;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;

/**
 * The authors' block strings (SPEC §2.7):
 * {@code r<repeat>_k<k[,k..]>_s<s><s>_e<e[,e..]>_i<in>_o<out>_c<type>[_se<ratio>][_noskip][_<act>]}.
 * <ul>
 * <li>c0 (MBConv) and c100 (MixConv) are fixed blocks: {@code k} and {@code e} are the chosen kernel sizes and the
 * per-branch expansions of the input channels, after merging (paper Fig. 8).</li>
 * <li>c12 (MBConv) and c102 (MixConv) are searchable: {@code k} lists each superkernel's largest kernel (its
 * candidates are the odd sizes 3, 5, ... up to it) and {@code e} each superkernel's largest expansion
 * (candidates 2, 4, ... up to it, plus 0 where the superkernel may be zeroed). Every superkernel may be zeroed,
 * except that the one with the largest kernel (the first such; c12's only one) may be zeroed only in blocks with a
 * residual, as in the authors' {@code SearchableMixConvBlock} ({@link Superkernel#zeroOnlyWithResidual()}).</li>
 * </ul>
 * The first block of a string takes the stride and the input width; the other {@code repeat - 1} blocks are
 * stride 1 with in = out. Without {@code _<act>} the activation is ReLU; without {@code _se} there is no SE.
 * The model has one stride per block, so the two stride digits must be equal.
 */
public final class BlockString {
    private BlockString() {}

    /** The authors' block types. */
    public enum Type {
        MBCONV(0, false, BlockKind.MBCONV), MIXCONV(100, false, BlockKind.MIXCONV),
        SEARCHABLE_MBCONV(12, true, BlockKind.MBCONV), SEARCHABLE_MIXCONV(102, true, BlockKind.MIXCONV);

        public final int code;
        public final boolean searchable;
        public final BlockKind kind;

        Type(int code, boolean searchable, BlockKind kind) {
            this.code = code;
            this.searchable = searchable;
            this.kind = kind;
        }

        static Type ofCode(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    /** One parsed block string, field by field. */
    public record Parsed(int repeat, List<Integer> kernels, int stride, List<Integer> expansions, int in, int out,
                         Type type, double seRatio, boolean noSkip, Activation activation) {
        public Parsed {
            kernels = List.copyOf(kernels);
            expansions = List.copyOf(expansions);
        }
    }

    private record Token(String text, int column) {}

    // ------------------------------------------------------------------------------------------------ parsing

    /** Parses and checks one block string; errors name the token and its column. */
    public static Parsed parse(String s) {
        if (s == null || s.isBlank()) throw new BlockStringException(String.valueOf(s), null, 0, "is empty");
        Map<String, Token> fields = new LinkedHashMap<>();
        Double se = null;
        boolean noSkip = false;
        Activation act = null;
        int col = 1;
        for (String text : s.split("_", -1)) {
            Token tok = new Token(text, col);
            col += text.length() + 1;
            if (text.isEmpty()) throw err(s, tok, "empty token (two underscores in a row, or one at an end)");
            if (text.equals("noskip")) {
                if (noSkip) throw err(s, tok, "appears twice");
                noSkip = true;
                continue;
            }
            Activation a = activation(text);
            if (a != null) {
                if (act != null) throw err(s, tok, "a second activation (the first was " + act.token() + ")");
                act = a;
                continue;
            }
            if (text.startsWith("se")) { // never a stride: strides are digits
                if (se != null) throw err(s, tok, "appears twice");
                if (text.length() == 2) throw err(s, tok, "SE ratio has no value");
                se = seRatio(s, tok, text.substring(2));
                continue;
            }
            String key = text.substring(0, 1);
            if ("rkseioc".contains(key) && text.length() == 1) throw err(s, tok, "\"" + key + "\" has no value");
            if (!"rkseioc".contains(key)) {
                throw err(s, tok, "unknown token; expected r<repeat>, k<kernels>, s<strides>, e<expansions>, i<in>, o<out>, "
                        + "c<type>, se<ratio>, noskip or an activation (relu, relu6, sw, hsw, sigmoid, hsigmoid)");
            }
            if (fields.containsKey(key)) throw err(s, tok, "\"" + key + "\" appears twice");
            fields.put(key, tok);
        }
        for (String required : List.of("r", "k", "s", "e", "i", "o")) {
            if (!fields.containsKey(required)) {
                throw new BlockStringException(s, null, 0, "has no " + required + "<...> token ("
                        + switch (required) {
                            case "r" -> "repeat count";
                            case "k" -> "kernel sizes";
                            case "s" -> "strides";
                            case "e" -> "expansion ratios";
                            case "i" -> "input width";
                            default -> "output width";
                        } + ")");
            }
        }
        int repeat = positive(s, fields.get("r"), "repeat count", Limits.MAX_DEPTH);
        int in = positive(s, fields.get("i"), "input width", Limits.MAX_CHANNELS);
        int out = positive(s, fields.get("o"), "output width", Limits.MAX_CHANNELS);
        Token st = fields.get("s");
        String sv = st.text().substring(1);
        if (!sv.matches("[0-9][0-9]")) throw err(s, st, "strides are two digits, height then width (s11 or s22)");
        if (sv.charAt(0) != sv.charAt(1)) throw err(s, st, "different strides along height and width are not supported");
        int stride = sv.charAt(0) - '0';
        if (stride != 1 && stride != 2) throw err(s, st, "stride must be 1 or 2, was " + stride);
        Type type = Type.MBCONV; // the authors' default when c is absent
        Token ct = fields.get("c");
        if (ct != null) {
            String cv = ct.text().substring(1);
            type = cv.matches("0|[1-9][0-9]{0,3}") ? Type.ofCode(Integer.parseInt(cv)) : null;
            if (type == null) {
                throw err(s, ct, "unsupported block type; expected c0 (MBConv), c100 (MixConv), c12 (searchable MBConv) "
                        + "or c102 (searchable MixConv)");
            }
        }
        Token kt = fields.get("k");
        Token et = fields.get("e");
        List<Integer> ks = list(s, kt, "kernel size", false);
        List<Integer> es = list(s, et, "expansion", true);
        if (ks.size() != es.size()) {
            throw err(s, et, ks.size() + " kernel sizes but " + es.size() + " expansions: one of each per "
                    + (type.searchable ? "superkernel" : "branch"));
        }
        if (ks.size() > Limits.MAX_SUPERKERNELS) {
            throw err(s, kt, ks.size() + " kernel sizes, at most " + Limits.MAX_SUPERKERNELS + " are allowed");
        }
        if ((type == Type.MBCONV || type == Type.SEARCHABLE_MBCONV) && ks.size() != 1) {
            throw err(s, kt, "an MBConv block (c" + type.code + ") has exactly one kernel size, found " + ks.size());
        }
        long totalExpansion = 0;
        for (int j = 0; j < ks.size(); j++) {
            int k = ks.get(j);
            if (k > Limits.MAX_KERNEL) throw err(s, kt, "kernel size " + k + " is larger than the limit " + Limits.MAX_KERNEL);
            if (!type.searchable && j > 0 && k <= ks.get(j - 1)) {
                throw err(s, kt, "the kernel sizes of a fixed block must be distinct and ascending (branches of equal "
                        + "kernel size are merged into one), " + k + " follows " + ks.get(j - 1));
            }
            if (k % 2 == 0 || k < (type.searchable ? 3 : 1)) {
                throw err(s, kt, type.searchable
                        ? "largest kernel " + k + " must be odd and at least 3 (candidates are 3, 5, ... up to it)"
                        : "kernel size " + k + " must be odd and positive");
            }
            int e = es.get(j);
            if (type.searchable && (e < 2 || e % 2 != 0)) {
                throw err(s, et, "largest expansion " + e + " must be even and at least 2 (candidates are 2, 4, ... up to it)");
            }
            if (!type.searchable && e < 1) throw err(s, et, "expansion " + e + " of a fixed block must be at least 1");
            if (e > Limits.MAX_EXPANSION) throw err(s, et, "expansion " + e + " is larger than the limit " + Limits.MAX_EXPANSION);
            totalExpansion += e;
        }
        if (totalExpansion * in > Limits.MAX_EXPANDED_CHANNELS) {
            throw err(s, et, "the block expands its " + in + " input channels to " + totalExpansion * in + ", at most "
                    + Limits.MAX_EXPANDED_CHANNELS + " are allowed");
        }
        return new Parsed(repeat, ks, stride, es, in, out, type, se == null ? 0 : se, noSkip,
                act == null ? Activation.RELU : act);
    }

    /** A fixed block string (c0, c100) as its {@code repeat} blocks, tagged with {@code stage}. */
    public static List<Block> parseBlocks(String s, int stage) {
        Parsed p = parse(s);
        if (p.type().searchable) {
            throw new BlockStringException(s, "c" + p.type().code, s.indexOf("_c") + 2,
                    "a searchable block describes a stage of a supernet, not fixed blocks");
        }
        List<Branch> branches = new ArrayList<>();
        for (int j = 0; j < p.kernels().size(); j++) branches.add(new Branch(p.kernels().get(j), p.expansions().get(j)));
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < p.repeat(); b++) {
            out.add(new Block(stage, b == 0 ? p.in() : p.out(), p.out(), b == 0 ? p.stride() : 1, !p.noSkip(), branches,
                    p.seRatio(), p.activation()));
        }
        return out;
    }

    /** A searchable block string (c12, c102) as a supernet stage; its input width is {@code parse(s).in()}. */
    public static Stage parseStage(String s) {
        Parsed p = parse(s);
        if (!p.type().searchable) {
            throw new BlockStringException(s, "c" + p.type().code, s.indexOf("_c") + 2,
                    "a fixed block (c0, c100) is not a searchable stage; use c12 or c102");
        }
        int zeroOnlyWithResidual = argmax(p.kernels());
        List<Superkernel> sks = new ArrayList<>();
        for (int j = 0; j < p.kernels().size(); j++) {
            List<Integer> kernels = new ArrayList<>();
            for (int k = 3; k <= p.kernels().get(j); k += 2) kernels.add(k);
            List<Integer> expansions = new ArrayList<>();
            expansions.add(0);
            for (int e = 2; e <= p.expansions().get(j); e += 2) expansions.add(e);
            sks.add(new Superkernel(kernels, expansions, j == zeroOnlyWithResidual));
        }
        return new Stage(p.out(), p.repeat(), p.stride(), p.type().kind, sks, p.seRatio(), p.activation(), !p.noSkip(), Map.of());
    }

    // ------------------------------------------------------------------------------------------------ printing

    /** A fixed block as a string (repeat 1), after merging branches of equal kernel size. */
    public static String print(Block b) {
        return print(b, 1);
    }

    /**
     * Fixed blocks as strings, a run of identical stride-1, in = out blocks after a first one folded into one
     * string with its repeat count.
     */
    public static List<String> print(List<Block> blocks) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < blocks.size()) {
            Block first = blocks.get(i);
            int j = i + 1;
            while (j < blocks.size() && repeats(first, blocks.get(j))) j++;
            out.add(print(first, j - i));
            i = j;
        }
        return out;
    }

    /**
     * A searchable stage as a string, given the stage's input width. Only stages whose candidates have the
     * authors' regular form can be written (odd kernels from 3, even expansions from 2, 0 everywhere, the largest
     * kernel's superkernel zeroable only with a residual, no per-block overrides).
     */
    public static String print(Stage st, int inChannels) {
        if (!st.overrides().isEmpty()) {
            throw new IllegalArgumentException("the stage has per-block superkernel overrides, which a block string cannot express");
        }
        if (st.kind() == BlockKind.MBCONV && st.superkernels().size() != 1) {
            throw new IllegalArgumentException("an MBConv stage has exactly one superkernel, found " + st.superkernels().size());
        }
        List<Integer> ks = new ArrayList<>();
        List<Integer> es = new ArrayList<>();
        for (Superkernel sk : st.superkernels()) {
            ks.add(sk.largestKernel());
            es.add(sk.largestExpansion());
        }
        int zeroOnlyWithResidual = argmax(ks);
        for (int j = 0; j < st.superkernels().size(); j++) {
            Superkernel sk = st.superkernels().get(j);
            List<Integer> kernels = new ArrayList<>();
            for (int k = 3; k <= ks.get(j); k += 2) kernels.add(k);
            List<Integer> expansions = new ArrayList<>(List.of(0));
            for (int e = 2; e <= es.get(j); e += 2) expansions.add(e);
            if (!sk.kernelSizes().equals(kernels)) {
                throw new IllegalArgumentException("superkernel " + j + " has kernels " + sk.kernelSizes()
                        + "; a block string can only express " + kernels);
            }
            if (!sk.expansions().equals(expansions) || sk.zeroOnlyWithResidual() != (j == zeroOnlyWithResidual)) {
                throw new IllegalArgumentException("superkernel " + j + " has expansions " + sk.expansions()
                        + (sk.zeroOnlyWithResidual() ? " (0 only with a residual)" : "") + "; a block string can only express "
                        + expansions + (j == zeroOnlyWithResidual ? " (0 only with a residual)" : ""));
            }
        }
        Type type = st.kind() == BlockKind.MBCONV ? Type.SEARCHABLE_MBCONV : Type.SEARCHABLE_MIXCONV;
        return format(st.depth(), ks, st.stride(), es, inChannels, st.width(), type, st.seRatio(), !st.residual(), st.activation());
    }

    private static String print(Block b, int repeat) {
        List<Branch> merged = b.mergedBranches();
        if (merged.isEmpty()) throw new IllegalArgumentException("a skip block (every branch zeroed) has no block string");
        Type type = merged.size() == 1 ? Type.MBCONV : Type.MIXCONV;
        return format(repeat, merged.stream().map(Branch::kernel).toList(), b.stride(),
                merged.stream().map(Branch::expansion).toList(), b.inChannels(), b.outChannels(), type, b.seRatio(),
                !b.residualAllowed(), b.activation());
    }

    private static boolean repeats(Block first, Block next) {
        return next.stride() == 1 && next.inChannels() == first.outChannels() && next.outChannels() == first.outChannels()
                && next.stage() == first.stage() && next.mergedBranches().equals(first.mergedBranches())
                && next.seRatio() == first.seRatio() && next.activation() == first.activation()
                && next.residualAllowed() == first.residualAllowed();
    }

    private static String format(int repeat, List<Integer> ks, int stride, List<Integer> es, int in, int out, Type type,
                                 double se, boolean noSkip, Activation act) {
        StringBuilder sb = new StringBuilder();
        sb.append('r').append(repeat).append("_k").append(join(ks)).append("_s").append(stride).append(stride)
                .append("_e").append(join(es)).append("_i").append(in).append("_o").append(out).append("_c").append(type.code);
        if (se > 0) sb.append("_se").append(BigDecimal.valueOf(se).stripTrailingZeros().toPlainString());
        if (noSkip) sb.append("_noskip");
        if (act != null && act != Activation.RELU) sb.append('_').append(act.token());
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String join(List<Integer> xs) {
        StringBuilder sb = new StringBuilder();
        for (int x : xs) sb.append(sb.length() == 0 ? "" : ",").append(x);
        return sb.toString();
    }

    /** Index of the first largest value: the superkernel the authors let zero only where a residual exists. */
    private static int argmax(List<Integer> xs) {
        int best = 0;
        for (int i = 1; i < xs.size(); i++) if (xs.get(i) > xs.get(best)) best = i;
        return best;
    }

    private static Activation activation(String text) {
        for (Activation a : Activation.values()) if (a.token().equals(text)) return a;
        return null;
    }

    private static BlockStringException err(String s, Token t, String problem) {
        return new BlockStringException(s, t.text(), t.column(), problem);
    }

    private static int positive(String s, Token t, String what, int max) {
        String v = t.text().substring(1);
        if (v.equals("0")) throw err(s, t, what + " must be at least 1, was 0");
        if (!v.matches("[1-9][0-9]*")) throw err(s, t, what + " \"" + v + "\" is not a whole number (digits 0-9, no leading zero)");
        if (v.length() > 9 || Integer.parseInt(v) > max) throw err(s, t, what + " " + v + " is larger than the limit " + max);
        return Integer.parseInt(v);
    }

    private static double seRatio(String s, Token t, String v) {
        double r;
        if (!v.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) throw err(s, t, "SE ratio \"" + v + "\" is not a number like 0.25");
        try {
            r = new BigDecimal(v).doubleValue();
        } catch (NumberFormatException e) {
            throw err(s, t, "SE ratio \"" + v + "\" is not a number");
        }
        if (!(r > 0 && r <= 1)) throw err(s, t, "SE ratio must be in (0, 1], was " + v);
        return r;
    }

    /** Comma-separated whole numbers; the authors write expansions as floats, so "6.0" is read as 6. */
    private static List<Integer> list(String s, Token t, String what, boolean allowWholeDecimal) {
        String v = t.text().substring(1);
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            if (part.isEmpty()) throw err(s, t, "empty " + what + " in the list \"" + v + "\"");
            if (!part.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) throw err(s, t, what + " \"" + part + "\" is not a number (digits 0-9)");
            BigDecimal d;
            try {
                d = new BigDecimal(part);
            } catch (NumberFormatException e) {
                throw err(s, t, what + " \"" + part + "\" is not a number");
            }
            boolean whole = d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
            if (!whole || (!allowWholeDecimal && part.contains("."))) throw err(s, t, what + " \"" + part + "\" is not a whole number");
            if (d.compareTo(BigDecimal.valueOf(1_000_000)) > 0) throw err(s, t, what + " " + part + " is too large");
            out.add(d.intValueExact());
        }
        return out;
    }
}
