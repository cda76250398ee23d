package org.s3nas.workbench.model;

/** Activation functions of the authors' block strings (relu, relu6, sw, hsw, sigmoid, hsigmoid). */
public enum Activation {
    RELU("relu"), RELU6("relu6"), SWISH("sw"), HSWISH("hsw"), SIGMOID("sigmoid"), HSIGMOID("hsigmoid");

    private final String token;

    Activation(String token) { this.token = token; }

    /** The token used in the authors' block strings. */
    public String token() { return token; }

    public static Activation fromToken(String token) {
        for (Activation a : values()) {
            if (a.token.equals(token)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + token + "'");
    }
}
