package org.s3nas.workbench.engine;

/**
 * Makes idle OpenMP threads sleep instead of spin (OMP_WAIT_POLICY=PASSIVE) for the engine's process.
 *
 * <p>A training step alternates native ops (oneDNN, OpenBLAS: OpenMP threads) with heap work on Java threads (BN,
 * data layout). With libgomp's default policy an OpenMP thread spins for a while after every op, on one of the two
 * cores the Java threads need next: measured on the benchmark step (2 cores, load about 2), 880-980 ms by default
 * against 720-760 ms with OMP_WAIT_POLICY=PASSIVE; with a short spin (GOMP_SPINCOUNT=10^4, 10^5) it was worse still,
 * and under load the spinning configurations collapsed (forward 1.2 s against 0.1-0.2 s). libgomp reads the variable
 * once, when ND4J loads its natives, so this must run before ND4J's first use: {@link Nd} and the search's
 * supernet call it from their static initialisers. A value set by the user is kept. Uses JNA (which ND4J brings, via oshi) to
 * call the C library's setenv; without it the default policy stays.
 */
public final class OpenMpWait {
    private OpenMpWait() {}

    private static boolean done;
    private static String outcome = "not requested";

    /** The C library's setenv. */
    public interface CLib extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    public static synchronized void passive() {
        if (done) return;
        done = true;
        try {
            CLib c = com.sun.jna.Native.loadLibrary("c", CLib.class);
            int rc = c.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            outcome = rc == 0 ? "OMP_WAIT_POLICY=" + System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE") + " requested"
                    : "setenv failed (" + rc + ")";
        } catch (Throwable t) {
            outcome = "unavailable (" + t + ")";
        }
    }

    /** What {@link #passive()} did, for logs. */
    static synchronized String outcome() { return outcome; }
}
