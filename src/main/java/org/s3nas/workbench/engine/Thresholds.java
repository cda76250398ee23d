package org.s3nas.workbench.engine;

/** The trainable thresholds (one per kernel ring and per channel slice, initialised to 0) with their RMSProp state. */
public final class Thresholds {
    public final double[] value, grad, ms, mom;
    public final String[] names;

    public Thresholds(java.util.List<String> names) {
        int n = names.size();
        this.names = names.toArray(new String[0]);
        value = new double[n];
        grad = new double[n];
        ms = new double[n];
        mom = new double[n];
    }

    public int count() { return value.length; }
}
