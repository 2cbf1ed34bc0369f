package io.braid.compile;

import io.braid.graph.Dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a DAG into a {@link Plan}: series-parallel parts become sequences and splits; what remains (prime
 * parts) becomes gated chains. The plan adds no ordering the graph does not have: a sequence is only used
 * where every task after the cut needs every task before it, and chains only hold tasks that need their
 * predecessor in the chain.
 */
final class Decomposer {
    private final Dag dag;
    private final int[] position; // position of each task in the deterministic topological order

    Decomposer(Dag dag) {
        this.dag = dag;
        int[] order = dag.topologicalOrder();
        this.position = new int[dag.size()];
        for (int k = 0; k < order.length; k++) {
            position[order[k]] = k;
        }
    }

    Plan plan() {
        BitSet all = new BitSet(dag.size());
        all.set(0, dag.size());
        return decompose(all);
    }

    /** S is always convex: a task between two tasks of S is in S. */
    private Plan decompose(BitSet s) {
        if (s.cardinality() == 1) {
            return new Plan.Step(s.nextSetBit(0));
        }
        List<BitSet> components = components(s);
        if (components.size() > 1) {
            return new Plan.Par(components.stream().map(this::decompose).toList());
        }
        List<BitSet> parts = seriesParts(s);
        if (parts.size() > 1) {
            return new Plan.Seq(parts.stream().map(this::decompose).toList());
        }
        return chains(s);
    }

    /** Weakly connected components of S; on a convex set these equal the comparability components. */
    private List<BitSet> components(BitSet s) {
        List<BitSet> result = new ArrayList<>();
        BitSet seen = new BitSet();
        for (int start : inTopologicalOrder(s)) {
            if (seen.get(start)) {
                continue;
            }
            BitSet comp = new BitSet();
            ArrayDeque<Integer> stack = new ArrayDeque<>();
            stack.push(start);
            seen.set(start);
            while (!stack.isEmpty()) {
                int u = stack.pop();
                comp.set(u);
                for (int[] adj : new int[][]{dag.needs(u), dag.dependents(u)}) {
                    for (int v : adj) {
                        if (s.get(v) && !seen.get(v)) {
                            seen.set(v);
                            stack.push(v);
                        }
                    }
                }
            }
            result.add(comp);
        }
        return result;
    }

    /**
     * The finest series decomposition: cut the topological order of S wherever every task before the cut
     * is an ancestor of every task after it.
     */
    private List<BitSet> seriesParts(BitSet s) {
        List<Integer> order = inTopologicalOrder(s);
        List<BitSet> parts = new ArrayList<>();
        BitSet common = null; // tasks that are descendants of every task seen so far
        BitSet current = new BitSet();
        BitSet rest = (BitSet) s.clone();
        for (int k = 0; k < order.size() - 1; k++) {
            int u = order.get(k);
            current.set(u);
            rest.clear(u);
            BitSet d = dag.descendants(u);
            if (common == null) {
                common = (BitSet) d.clone();
            } else {
                common.and(d);
            }
            BitSet missing = (BitSet) rest.clone();
            missing.andNot(common);
            if (missing.isEmpty()) {
                parts.add(current);
                current = new BitSet();
                common = null;
            }
        }
        current.set(order.get(order.size() - 1));
        parts.add(current);
        return parts;
    }

    /** Prime parts larger than this skip the (quadratic) minimum chain cover and use the greedy covers. */
    static final int MATCHING_LIMIT = 2_000;

    /**
     * Covers a prime part with chains, each run as one flow. Valid covers put every need of a task in the
     * task's own flow (earlier) or in an earlier flow, so a gate only ever waits on flows a FIFO thread pool
     * has already started. Among the valid covers tried, the one with the fewest flows wins: a minimum
     * chain cover (as many flows as the part is wide) when its flows can be so ordered, else a greedy one.
     */
    private Plan chains(BitSet s) {
        List<Integer> byDeclaration = inTopologicalOrder(s);
        List<List<Integer>> best = greedy(s, byDeclaration, true);
        List<List<Integer>> alternative = greedy(s, widestFirst(s), true);
        if (alternative.size() < best.size()) {
            best = alternative;
        }
        if (s.cardinality() <= MATCHING_LIMIT) {
            List<List<Integer>> minimum = minimumCover(s, byDeclaration);
            if (minimum != null && minimum.size() < best.size()) {
                best = minimum;
            }
            // Both searches depend on the order they visit tasks in: try more orders, seeded by the part
            // itself so the output stays deterministic, until a cover as small as the part is wide is found.
            int width = widthOf(s, byDeclaration);
            Random random = new Random(s.hashCode());
            for (int attempt = 0; attempt < SEARCH_ATTEMPTS && best.size() > width; attempt++) {
                List<Integer> order = randomTopologicalOrder(s, random);
                List<List<Integer>> g = greedy(s, order, true);
                if (g.size() < best.size()) {
                    best = g;
                }
                List<List<Integer>> m = minimumCover(s, order);
                if (m != null && m.size() < best.size()) {
                    best = m;
                }
            }
            if (best.size() > width) {
                // No cover found that is both as small as the part is wide and waits only backwards (for some
                // parts none exists). Never more flows than the width: take a minimum cover, flows ordered so
                // that as many waits as possible point backwards. Deadlock-free while every flow of the split
                // has a thread (unbounded pools, or a bounded one of CompiledWorkflow.threads(); see
                // docs/architecture.md).
                best = minimumCoverBestOrder(s, byDeclaration);
            }
        } else {
            // too large for the matchings: an unconstrained greedy cover is usually close to the width
            List<List<Integer>> loose = orderChains(s, byDeclaration, greedy(s, byDeclaration, false), true);
            if (loose.size() < best.size()) {
                best = loose;
            }
        }
        return new Plan.Chains(best);
    }

    /** Further visiting orders tried per prime part when the first covers use more flows than its width. */
    static final int SEARCH_ATTEMPTS = 64;

    private int widthOf(BitSet s, List<Integer> order) {
        int n = dag.size();
        int[] matchRight = new int[n];
        int[] matchLeft = new int[n];
        Arrays.fill(matchRight, -1);
        Arrays.fill(matchLeft, -1);
        int matched = 0;
        for (int u : order) {
            if (augment(u, s, new BitSet(n), matchRight, matchLeft)) {
                matched++;
            }
        }
        return order.size() - matched;
    }


    /**
     * Greedy cover in the given topological order. A task joins a flow whose last task is one of its
     * ancestors (so the flow's order adds no false dependency), preferring one whose last task it needs;
     * with {@code backward}, only a flow whose index is at least that of every flow holding one of its
     * needs. Otherwise it opens a new, last flow.
     */
    private List<List<Integer>> greedy(BitSet s, List<Integer> order, boolean backward) {
        List<List<Integer>> flows = new ArrayList<>();
        int[] flowOf = new int[dag.size()];
        for (int v : order) {
            int min = 0;
            for (int u : dag.needs(v)) {
                if (backward && s.get(u)) {
                    min = Math.max(min, flowOf[u]);
                }
            }
            int chosen = -1;
            int fallback = -1;
            for (int f = min; f < flows.size(); f++) {
                List<Integer> flow = flows.get(f);
                int tail = flow.get(flow.size() - 1);
                if (isNeed(tail, v)) {
                    chosen = f;
                    break;
                }
                if (fallback < 0 && dag.reaches(tail, v)) {
                    fallback = f;
                }
            }
            if (chosen < 0) {
                chosen = fallback;
            }
            if (chosen < 0) {
                flows.add(new ArrayList<>());
                chosen = flows.size() - 1;
            }
            flows.get(chosen).add(v);
            flowOf[v] = chosen;
        }
        return flows;
    }

    /** Topological order that prefers, among ready tasks, those with the most dependents in S. */
    private List<Integer> widestFirst(BitSet s) {
        Map<Integer, Integer> weight = new HashMap<>();
        for (int v = s.nextSetBit(0); v >= 0; v = s.nextSetBit(v + 1)) {
            BitSet desc = (BitSet) dag.descendants(v).clone();
            desc.and(s);
            weight.put(v, desc.cardinality());
        }
        return linearExtension(s, Comparator.comparingInt((Integer v) -> -weight.get(v))
                .thenComparingInt(v -> position[v]));
    }

    /** A random linear extension of S (a random rank breaks every tie among ready tasks). */
    private List<Integer> randomTopologicalOrder(BitSet s, Random random) {
        Map<Integer, Integer> rank = new HashMap<>();
        for (int v = s.nextSetBit(0); v >= 0; v = s.nextSetBit(v + 1)) {
            rank.put(v, random.nextInt());
        }
        return linearExtension(s, Comparator.comparingInt((Integer v) -> rank.get(v))
                .thenComparingInt(v -> position[v]));
    }

    /** Kahn's algorithm on S, taking the first ready task by the given order each time. */
    private List<Integer> linearExtension(BitSet s, Comparator<Integer> preference) {
        Map<Integer, Integer> indegree = new HashMap<>();
        PriorityQueue<Integer> ready = new PriorityQueue<>(preference);
        for (int v : inTopologicalOrder(s)) {
            int d = 0;
            for (int u : dag.needs(v)) {
                if (s.get(u)) {
                    d++;
                }
            }
            indegree.put(v, d);
            if (d == 0) {
                ready.add(v);
            }
        }
        List<Integer> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int u = ready.poll();
            order.add(u);
            for (int v : dag.dependents(u)) {
                if (s.get(v) && indegree.merge(v, -1, Integer::sum) == 0) {
                    ready.add(v);
                }
            }
        }
        return order;
    }

    /**
     * Dilworth: a maximum matching on the comparability relation gives a cover with as many chains as the
     * part is wide. Returns it with flows in an order where every need lies in the same or an earlier flow,
     * or null when its chains depend on each other both ways (then no such order exists for this cover).
     */
    private List<List<Integer>> minimumCover(BitSet s, List<Integer> order) {
        return orderChains(s, order, dilworthChains(s, order), false);
    }

    /** A minimum cover whose flows are ordered by the condensation of their dependencies (always succeeds). */
    private List<List<Integer>> minimumCoverBestOrder(BitSet s, List<Integer> order) {
        return orderChains(s, order, dilworthChains(s, order), true);
    }

    private List<List<Integer>> dilworthChains(BitSet s, List<Integer> order) {
        int n = dag.size();
        int[] matchRight = new int[n];
        int[] matchLeft = new int[n];
        Arrays.fill(matchRight, -1);
        Arrays.fill(matchLeft, -1);
        for (int u : order) {
            augment(u, s, new BitSet(n), matchRight, matchLeft);
        }
        List<List<Integer>> chains = new ArrayList<>();
        for (int u : order) {
            if (matchRight[u] < 0) { // nothing precedes u in its chain: u heads a chain
                List<Integer> chain = new ArrayList<>();
                for (int x = u; x >= 0; x = matchLeft[x]) {
                    chain.add(x);
                }
                chains.add(chain);
            }
        }
        return chains;
    }

    /**
     * Orders chains so that cross-chain needs point backwards. If the chains depend on each other both ways,
     * returns null, or with {@code anyway}, breaks each cycle at the chain holding the earliest task.
     */
    private List<List<Integer>> orderChains(BitSet s, List<Integer> order, List<List<Integer>> chains, boolean anyway) {
        int n = dag.size();
        int[] chainOf = new int[n];
        for (int c = 0; c < chains.size(); c++) {
            for (int v : chains.get(c)) {
                chainOf[v] = c;
            }
        }
        int k = chains.size();
        List<Set<Integer>> after = new ArrayList<>();
        int[] indegree = new int[k];
        for (int i = 0; i < k; i++) {
            after.add(new TreeSet<>());
        }
        for (int v : order) {
            for (int u : dag.needs(v)) {
                if (s.get(u) && chainOf[u] != chainOf[v] && after.get(chainOf[u]).add(chainOf[v])) {
                    indegree[chainOf[v]]++;
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < k; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        List<List<Integer>> ordered = new ArrayList<>();
        boolean[] done = new boolean[k];
        while (ordered.size() < k) {
            if (ready.isEmpty()) {
                if (!anyway) {
                    return null;
                }
                for (int c = 0; c < k; c++) { // chains are numbered by their first task's position
                    if (!done[c]) {
                        ready.add(c);
                        break;
                    }
                }
            }
            int c = ready.poll();
            if (done[c]) {
                continue;
            }
            done[c] = true;
            ordered.add(chains.get(c));
            for (int d : after.get(c)) {
                if (--indegree[d] == 0 && !done[d]) {
                    ready.add(d);
                }
            }
        }
        return ordered;
    }

    /** Kuhn's augmenting path from u over "u precedes v" pairs inside S. */
    private boolean augment(int u, BitSet s, BitSet seen, int[] matchRight, int[] matchLeft) {
        BitSet d = dag.descendants(u);
        for (int v = d.nextSetBit(0); v >= 0; v = d.nextSetBit(v + 1)) {
            if (s.get(v) && !seen.get(v)) {
                seen.set(v);
                if (matchRight[v] < 0 || augment(matchRight[v], s, seen, matchRight, matchLeft)) {
                    matchRight[v] = u;
                    matchLeft[u] = v;
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isNeed(int u, int v) {
        for (int n : dag.needs(v)) {
            if (n == u) {
                return true;
            }
        }
        return false;
    }

    private List<Integer> inTopologicalOrder(BitSet s) {
        List<Integer> list = new ArrayList<>(s.cardinality());
        for (int i = s.nextSetBit(0); i >= 0; i = s.nextSetBit(i + 1)) {
            list.add(i);
        }
        list.sort((a, b) -> Integer.compare(position[a], position[b]));
        return list;
    }
}
