package io.braid.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The DAG shapes of the makespan benchmark, as workflow YAML with wait tasks (durations in ms). */
final class Shapes {
    private Shapes() {
    }

    /** One benchmark shape: its workflow text plus what the lower bound needs. */
    record Shape(String name, int maxParallel, List<Node> nodes) {
        String yaml() {
            StringBuilder b = new StringBuilder("name: bench-" + name + "\nmaxParallel: " + maxParallel + "\ntasks:\n");
            for (Node n : nodes) {
                b.append("  - { id: ").append(n.id).append(", type: wait, with: { duration: ").append(n.millis)
                        .append("ms }");
                if (!n.needs.isEmpty()) {
                    b.append(", needs: [").append(String.join(", ", n.needs)).append("]");
                }
                b.append(" }\n");
            }
            return b.toString();
        }

        /** max(critical path, total work / maxParallel): no schedule can be shorter. */
        long lowerBoundMillis() {
            Map<String, Long> finish = new HashMap<>();
            long total = 0;
            long critical = 0;
            for (Node n : nodes) { // nodes are in topological order
                long start = n.needs.stream().mapToLong(finish::get).max().orElse(0);
                finish.put(n.id, start + n.millis);
                critical = Math.max(critical, start + n.millis);
                total += n.millis;
            }
            return Math.max(critical, (long) Math.ceil(total / (double) maxParallel));
        }
    }

    record Node(String id, int millis, List<String> needs) {
    }

    static List<Shape> all() {
        Random r = new Random(20261123);
        return List.of(forkJoin(), nShape(), crossedChains(), layered(r), wide(), longChainPlusShort(),
                randomGnp(r), deepChain());
    }

    static Shape forkJoin() {
        List<Node> n = new ArrayList<>();
        n.add(new Node("start", 50, List.of()));
        List<String> mids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            n.add(new Node("m" + i, 100 + 40 * i, List.of("start")));
            mids.add("m" + i);
        }
        n.add(new Node("join", 50, mids));
        return new Shape("fork-join", 8, n);
    }

    static Shape nShape() {
        return new Shape("n-shape", 10, List.of(new Node("a", 200, List.of()), new Node("b", 300, List.of()),
                new Node("c", 200, List.of("a", "b")), new Node("d", 800, List.of("b")),
                new Node("e", 300, List.of("c"))));
    }

    /** Two chains whose links need each other crosswise: x(i) needs x(i-1), y(i-1); y(i) needs y(i-1). */
    static Shape crossedChains() {
        List<Node> n = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            n.add(new Node("x" + i, 100 + (i % 2) * 150, i == 0 ? List.of() : List.of("x" + (i - 1), "y" + (i - 1))));
            n.add(new Node("y" + i, 250 - (i % 2) * 150, i == 0 ? List.of() : List.of("y" + (i - 1))));
        }
        return new Shape("crossed-chains", 4, n);
    }

    /** Five layers of six tasks; each task needs one to three random tasks of the layer before. */
    static Shape layered(Random r) {
        List<Node> n = new ArrayList<>();
        for (int layer = 0; layer < 5; layer++) {
            for (int i = 0; i < 6; i++) {
                List<String> needs = new ArrayList<>();
                if (layer > 0) {
                    int k = 1 + r.nextInt(3);
                    for (int j = 0; j < k; j++) {
                        String need = "l" + (layer - 1) + "_" + r.nextInt(6);
                        if (!needs.contains(need)) {
                            needs.add(need);
                        }
                    }
                }
                n.add(new Node("l" + layer + "_" + i, 50 + r.nextInt(250), needs));
            }
        }
        return new Shape("layered-random", 6, n);
    }

    static Shape wide() {
        List<Node> n = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            n.add(new Node("w" + i, 40, List.of()));
        }
        return new Shape("wide-200-cap16", 16, n);
    }

    /** The critical-path case: a chain of 6 x 300 ms and 18 independent 100 ms tasks under cap 2. */
    static Shape longChainPlusShort() {
        List<Node> n = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            n.add(new Node("s" + i, 100, List.of()));
        }
        for (int i = 0; i < 6; i++) {
            n.add(new Node("c" + i, 300, i == 0 ? List.of() : List.of("c" + (i - 1))));
        }
        return new Shape("chain-plus-short-cap2", 2, n);
    }

    static Shape randomGnp(Random r) {
        List<Node> n = new ArrayList<>();
        for (int v = 0; v < 100; v++) {
            List<String> needs = new ArrayList<>();
            for (int u = Math.max(0, v - 20); u < v; u++) {
                if (r.nextDouble() < 0.06) {
                    needs.add("g" + u);
                }
            }
            n.add(new Node("g" + v, 20 + r.nextInt(60), needs));
        }
        return new Shape("random-gnp-100", 8, n);
    }

    static Shape deepChain() {
        List<Node> n = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            n.add(new Node("d" + i, 20, i == 0 ? List.of() : List.of("d" + (i - 1))));
        }
        return new Shape("deep-chain-40", 4, n);
    }
}
