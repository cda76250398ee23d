package org.s3nas.workbench.model.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.Superkernel;

/**
 * Candidate lists of a block's superkernels as one line of text, one group per superkernel separated by {@code |}:
 * kernel sizes {@code 3, 5  |  3, 5  |  3, 5, 7}, expansions {@code 0, 2  |  0, 2  |  0*, 2}, where {@code 0*} is a
 * zero that applies only in blocks with a residual ({@link Superkernel#zeroOnlyWithResidual()}). Parsing checks only
 * the syntax; whether the numbers make sense (odd, ascending, ...) is the {@link org.s3nas.workbench.model.Validator}'s
 * job, so that the editor shows the same messages as a project file would.
 */
public final class CandidateText {
    /** Between the groups of two superkernels. */
    public static final String GROUP_SEPARATOR = "  |  ";

    private CandidateText() {}

    /** One superkernel's expansion candidates as written, and whether its 0 was marked {@code 0*}. */
    public record ExpansionGroup(List<Integer> values, boolean zeroOnlyWithResidual) {
        public ExpansionGroup {
            values = List.copyOf(values);
        }
    }

    public static String kernels(List<Superkernel> sks) {
        return sks.stream().map(sk -> join(sk.kernelSizes())).collect(Collectors.joining(GROUP_SEPARATOR));
    }

    public static String expansions(List<Superkernel> sks) {
        return sks.stream().map(sk -> sk.expansions().stream()
                        .map(e -> e == 0 && sk.zeroOnlyWithResidual() ? "0*" : String.valueOf(e))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining(GROUP_SEPARATOR));
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Kernel-size groups, one per superkernel. Throws {@link IllegalArgumentException} naming the bad token. */
    public static List<List<Integer>> parseKernels(String text) {
        List<List<Integer>> out = new ArrayList<>();
        List<String> groups = groups(text, "kernel sizes", "3, 5");
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> values = new ArrayList<>();
            for (String token : tokens(groups.get(g), g, groups.size())) {
                if (token.endsWith("*")) {
                    throw new IllegalArgumentException("'" + token + "'" + where(g, groups.size())
                            + ": only an expansion of 0 can be marked *");
                }
                values.add(number(token, g, groups.size()));
            }
            out.add(values);
        }
        return out;
    }

    /** Expansion groups, one per superkernel; {@code 0*} sets the group's zero-only-with-residual flag. */
    public static List<ExpansionGroup> parseExpansions(String text) {
        List<ExpansionGroup> out = new ArrayList<>();
        List<String> groups = groups(text, "expansion ratios", "0, 2");
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> values = new ArrayList<>();
            boolean zeroOnly = false;
            for (String token : tokens(groups.get(g), g, groups.size())) {
                if (token.endsWith("*")) {
                    String bare = token.substring(0, token.length() - 1).strip();
                    if (!bare.equals("0")) {
                        throw new IllegalArgumentException("'" + token + "'" + where(g, groups.size())
                                + ": only 0 can be marked * (zeroed only where the block has a residual)");
                    }
                    zeroOnly = true;
                    values.add(0);
                } else {
                    values.add(number(token, g, groups.size()));
                }
            }
            out.add(new ExpansionGroup(values, zeroOnly));
        }
        return out;
    }

    /**
     * The superkernels with the kernel sizes of {@code text}. The number of groups decides the number of
     * superkernels: a new superkernel starts with the expansions of the last existing one, surplus ones are dropped.
     */
    public static List<Superkernel> withKernels(List<Superkernel> current, String text) {
        List<List<Integer>> ks = parseKernels(text);
        List<Superkernel> out = new ArrayList<>();
        for (int j = 0; j < ks.size(); j++) {
            Superkernel like = current.isEmpty() ? null : current.get(Math.min(j, current.size() - 1));
            List<Integer> es = like == null ? List.of(0, 2) : like.expansions();
            // a copied superkernel does not copy the "zero only with residual" mark: one per block is the paper's rule
            boolean zeroOnly = like != null && j < current.size() && like.zeroOnlyWithResidual();
            out.add(new Superkernel(ks.get(j), es, zeroOnly));
        }
        return out;
    }

    /** The superkernels with the expansions of {@code text}; it must have one group per superkernel. */
    public static List<Superkernel> withExpansions(List<Superkernel> current, String text) {
        List<ExpansionGroup> es = parseExpansions(text);
        if (es.size() != current.size()) {
            throw new IllegalArgumentException(es.size() + " expansion group" + (es.size() == 1 ? "" : "s") + " for "
                    + current.size() + " superkernel" + (current.size() == 1 ? "" : "s")
                    + ": give one list per superkernel, separated by |");
        }
        List<Superkernel> out = new ArrayList<>();
        for (int j = 0; j < es.size(); j++) {
            out.add(new Superkernel(current.get(j).kernelSizes(), es.get(j).values(), es.get(j).zeroOnlyWithResidual()));
        }
        return out;
    }

    private static List<String> groups(String text, String what, String example) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty: give the " + what + " of each superkernel, e.g. " + example);
        }
        List<String> out = new ArrayList<>();
        for (String g : text.split("\\|", -1)) out.add(g.strip());
        return out;
    }

    private static List<String> tokens(String group, int g, int groups) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("superkernel " + (g + 1) + " has no candidates"
                    + (groups > 1 ? " (nothing between two |)" : ""));
        }
        List<String> out = new ArrayList<>();
        String[] parts = group.split(",", -1);
        for (String p : parts) {
            String t = p.strip();
            if (t.isEmpty()) throw new IllegalArgumentException("a candidate is missing between two commas" + where(g, groups));
            // "3 5 7" is read as "3, 5, 7"; "0 *" as "0*"
            for (String w : t.replaceAll("\\s+\\*", "*").split("\\s+")) out.add(w);
        }
        return out;
    }

    private static int number(String token, int g, int groups) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a whole number" + where(g, groups));
        }
    }

    private static String where(int g, int groups) {
        return groups > 1 ? " (superkernel " + (g + 1) + ")" : "";
    }
}
