package org.s3nas.workbench.npu;

import java.util.List;
import java.util.Random;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/**
 * Random architectures of a search space: every superkernel takes one of its {@link Supernet#choicesOf} choices with
 * equal probability (a zeroed superkernel is one choice whatever its kernel; it is written with the smallest kernel).
 * Used for the estimator's validation (paper Fig. 9).
 */
public final class ArchitectureSampler {
    private ArchitectureSampler() {}

    public static Architecture sample(Supernet supernet, Random random, String name) {
        return supernet.architecture(name, (p, j) -> {
            Superkernel sk = p.superkernels().get(j);
            List<Integer> es = p.expansionsOf(j).stream().filter(e -> e != 0).toList();
            int choices = Supernet.choicesOf(p, j);
            int r = random.nextInt(choices);
            if (r >= sk.kernelSizes().size() * es.size()) return new Branch(sk.kernelSizes().get(0), 0);
            return new Branch(sk.kernelSizes().get(r / es.size()), es.get(r % es.size()));
        });
    }
}
