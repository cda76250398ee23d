package org.s3nas.workbench.npu;

import java.io.EOFException;
import java.util.regex.Pattern;

/**
 * Turns what an engine throws into one line a person can act on: what went wrong and what to change, never an
 * exception class or a planner's internal state. The CLI and the app show errors through it.
 */
public final class EngineFailure {
    private EngineFailure() {}

    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*)?");
    private static final Pattern PLANNER_STATE = Pattern.compile("\\s*\\[in=.*?\\]");

    /** One line for {@code t}: the innermost meaningful message, with a hint where the cause is known. */
    public static String describe(Throwable t) {
        Throwable c = innermost(t);
        String m = c.getMessage();
        if (c instanceof OutOfMemoryError) {
            return "the input is too large for this machine's memory: use smaller sizes (see the limits in the README)";
        }
        if (c instanceof StackOverflowError) return "the input is nested too deeply to be read";
        if (c instanceof EOFException && (m == null || m.isBlank())) return "a file ends too early (it is truncated)";
        if (c instanceof ArithmeticException) {
            return "a size of the input is too large to compute with (" + (m == null ? "overflow" : m) + "): use smaller values";
        }
        if (m == null || m.isBlank()) {
            return "the engine failed on this input (" + plainName(c) + "): please report it with the file that caused it";
        }
        m = PLANNER_STATE.matcher(m).replaceAll("");
        m = CLASS_PREFIX.matcher(m).replaceAll("").trim();
        if (m.contains("FMEM planning") && !m.contains("larger FMEM banks")) {
            m += ": the feature maps do not fit this FMEM; use a smaller input, or more or larger FMEM banks "
                    + "(npu.fmemBanks, npu.fmemBankBytes)";
        }
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Follows wrappers that only repeat their cause (a parallel stream rethrows a worker's exception as
     * {@code new X(cause)}, whose message is the cause's class and message).
     */
    static Throwable innermost(Throwable t) {
        Throwable c = t;
        for (int i = 0; i < 20 && c.getCause() != null && c.getCause() != c; i++) {
            String m = c.getMessage();
            Throwable next = c.getCause();
            if (m == null || m.equals(next.toString()) || m.contains(next.getClass().getName())
                    || (next.getMessage() != null && m.endsWith(next.getMessage()))) {
                c = next;
            } else {
                break;
            }
        }
        return c;
    }

    /** "out of range" for an index error, and so on: the kind of failure in words, not the class. */
    private static String plainName(Throwable t) {
        String n = t.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        return n.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
