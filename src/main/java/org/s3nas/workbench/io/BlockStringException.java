package org.s3nas.workbench.io;

/** A block string of the authors' format that cannot be read; names the token and its column (1-based). */
public class BlockStringException extends IllegalArgumentException {
    private final String blockString;
    private final String token;
    private final int column;

    public BlockStringException(String blockString, String token, int column, String problem) {
        super(org.s3nas.workbench.model.Problem.oneLine("block string \"" + blockString + "\""
                + (token == null ? "" : ": token \"" + token + "\" at column " + column) + ": " + problem));
        this.blockString = blockString;
        this.token = token;
        this.column = column;
    }

    public String blockString() { return blockString; }

    /** The offending token, or null when the problem is the string as a whole. */
    public String token() { return token; }

    /** 1-based column of the token in the block string (0 when the problem is the string as a whole). */
    public int column() { return column; }
}
