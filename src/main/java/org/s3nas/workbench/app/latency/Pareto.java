package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The accuracy–latency Pareto front: the models no other model beats on both (faster or as fast, and more accurate or as accurate). */
public final class Pareto {
    private Pareto() {}

    /**
     * The items that are not dominated, in ascending latency. An item is dominated when another is at most as slow
     * and at least as accurate, and strictly better in one of the two. Items with a NaN figure are left out.
     */
    public static <T> List<T> front(List<T> items, ToDoubleFunction<T> latency, ToDoubleFunction<T> accuracy) {
        List<T> known = items.stream()
                .filter(t -> !Double.isNaN(latency.applyAsDouble(t)) && !Double.isNaN(accuracy.applyAsDouble(t))).toList();
        List<T> out = new ArrayList<>();
        for (T p : known) {
            double lp = latency.applyAsDouble(p), ap = accuracy.applyAsDouble(p);
            boolean dominated = false;
            for (T q : known) {
                if (q == p) continue;
                double lq = latency.applyAsDouble(q), aq = accuracy.applyAsDouble(q);
                if (lq <= lp && aq >= ap && (lq < lp || aq > ap)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) out.add(p);
        }
        out.sort((a, b) -> Double.compare(latency.applyAsDouble(a), latency.applyAsDouble(b)));
        return out;
    }
}
