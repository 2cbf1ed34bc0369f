package io.braid.graph;

import io.braid.model.Task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The dependency graph of a workflow, with tasks numbered in declaration order. An edge {@code u → v}
 * means v needs u. Immutable after construction; the transitive closure is computed on first use.
 */
public final class Dag {
    private final List<String> ids;
    private final Map<String, Integer> index;
    private final int[][] preds;
    private final int[][] succs;
    private BitSet[] descendants;

    private Dag(List<String> ids, List<List<String>> needs) {
        this.ids = List.copyOf(ids);
        this.index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        List<List<Integer>> out = new ArrayList<>();
        preds = new int[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            out.add(new ArrayList<>());
        }
        for (int v = 0; v < ids.size(); v++) {
            List<String> n = needs.get(v);
            preds[v] = new int[n.size()];
            for (int k = 0; k < n.size(); k++) {
                Integer u = index.get(n.get(k));
                if (u == null) {
                    throw new IllegalArgumentException("unknown need '" + n.get(k) + "' of " + ids.get(v));
                }
                preds[v][k] = u;
                out.get(u).add(v);
            }
        }
        succs = new int[ids.size()][];
        for (int u = 0; u < ids.size(); u++) {
            succs[u] = out.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public static Dag of(List<Task> tasks) {
        return new Dag(tasks.stream().map(Task::id).toList(), tasks.stream().map(Task::needs).toList());
    }

    /** From ids and needs in parallel lists (used where only the compiled graph is known). */
    public static Dag of(List<String> ids, List<List<String>> needs) {
        return new Dag(ids, needs);
    }

    public int size() {
        return ids.size();
    }

    public String id(int i) {
        return ids.get(i);
    }

    public int index(String id) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no task '" + id + "'");
        }
        return i;
    }

    public int[] needs(int v) {
        return preds[v].clone();
    }

    public int[] dependents(int u) {
        return succs[u].clone();
    }

    /**
     * Elementary cycles, one per strongly connected component that has one (Tarjan), each as the list of ids
     * along the cycle starting at its first-declared task. Empty for a valid workflow.
     */
    public List<List<String>> cycles() {
        List<List<String>> result = new ArrayList<>();
        for (List<Integer> scc : stronglyConnected()) {
            if (scc.size() > 1) {
                result.add(cycleWithin(scc));
            }
        }
        result.sort((a, b) -> Integer.compare(index.get(a.get(0)), index.get(b.get(0))));
        return result;
    }

    /** Kahn's algorithm; ties broken by declaration order, so the order is deterministic. */
    public int[] topologicalOrder() {
        int n = size();
        int[] indeg = new int[n];
        for (int v = 0; v < n; v++) {
            indeg[v] = preds[v].length;
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int v = 0; v < n; v++) {
            if (indeg[v] == 0) {
                ready.add(v);
            }
        }
        int[] order = new int[n];
        int k = 0;
        while (!ready.isEmpty()) {
            int u = ready.poll();
            order[k++] = u;
            for (int v : succs[u]) {
                if (--indeg[v] == 0) {
                    ready.add(v);
                }
            }
        }
        if (k != n) {
            throw new IllegalStateException("graph has a cycle");
        }
        return order;
    }

    /** All tasks reachable from u (transitive dependents), not including u. */
    public BitSet descendants(int u) {
        return closure()[u];
    }

    /** True when v depends on u, directly or transitively. */
    public boolean reaches(int u, int v) {
        return closure()[u].get(v);
    }

    private synchronized BitSet[] closure() {
        if (descendants == null) {
            int n = size();
            BitSet[] d = new BitSet[n];
            int[] order = topologicalOrder();
            for (int k = n - 1; k >= 0; k--) {
                int u = order[k];
                BitSet b = new BitSet(n);
                for (int v : succs[u]) {
                    b.set(v);
                    b.or(d[v]);
                }
                d[u] = b;
            }
            descendants = d;
        }
        return descendants;
    }

    /**
     * Width: the largest set of pairwise independent tasks (Dilworth: equals the minimum number of chains
     * covering the poset, found as n minus a maximum matching in the comparability bipartite graph).
     */
    public int width() {
        int n = size();
        BitSet[] d = closure();
        int[] matchRight = new int[n];
        Arrays.fill(matchRight, -1);
        int matching = 0;
        for (int u = 0; u < n; u++) {
            if (augment(u, new boolean[n], matchRight, d)) {
                matching++;
            }
        }
        return n - matching;
    }

    private boolean augment(int u, boolean[] seen, int[] matchRight, BitSet[] d) {
        for (int v = d[u].nextSetBit(0); v >= 0; v = d[u].nextSetBit(v + 1)) {
            if (!seen[v]) {
                seen[v] = true;
                if (matchRight[v] < 0 || augment(matchRight[v], seen, matchRight, d)) {
                    matchRight[v] = u;
                    return true;
                }
            }
        }
        return false;
    }

    private List<List<Integer>> stronglyConnected() {
        int n = size();
        int[] idx = new int[n];
        int[] low = new int[n];
        boolean[] on = new boolean[n];
        Arrays.fill(idx, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        List<List<Integer>> out = new ArrayList<>();
        int[] counter = {0};
        for (int s = 0; s < n; s++) {
            if (idx[s] >= 0) {
                continue;
            }
            // iterative Tarjan: frames of (node, next successor position)
            Deque<int[]> frames = new ArrayDeque<>();
            frames.push(new int[]{s, 0});
            idx[s] = low[s] = counter[0]++;
            stack.push(s);
            on[s] = true;
            while (!frames.isEmpty()) {
                int[] f = frames.peek();
                int u = f[0];
                if (f[1] < succs[u].length) {
                    int v = succs[u][f[1]++];
                    if (idx[v] < 0) {
                        idx[v] = low[v] = counter[0]++;
                        stack.push(v);
                        on[v] = true;
                        frames.push(new int[]{v, 0});
                    } else if (on[v]) {
                        low[u] = Math.min(low[u], idx[v]);
                    }
                } else {
                    frames.pop();
                    if (!frames.isEmpty()) {
                        int p = frames.peek()[0];
                        low[p] = Math.min(low[p], low[u]);
                    }
                    if (low[u] == idx[u]) {
                        List<Integer> scc = new ArrayList<>();
                        int w;
                        do {
                            w = stack.pop();
                            on[w] = false;
                            scc.add(w);
                        } while (w != u);
                        out.add(scc);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A cycle inside one SCC, in execution direction: in {@code [a, b, c]} b needs a, c needs b and a needs c.
     */
    private List<String> cycleWithin(List<Integer> scc) {
        BitSet in = new BitSet();
        scc.forEach(in::set);
        int start = scc.stream().min(Integer::compare).orElseThrow();
        // BFS over needs-edges within the SCC from start back to start
        Map<Integer, Integer> parent = new HashMap<>();
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent.put(start, -1);
        int last = -1;
        outer:
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int v : sortedNeeds(u)) {
                if (!in.get(v)) {
                    continue;
                }
                if (v == start) {
                    last = u;
                    break outer;
                }
                if (!parent.containsKey(v)) {
                    parent.put(v, u);
                    queue.add(v);
                }
            }
        }
        // walking parents from `last` gives the needs-chain backwards, which is execution order
        List<String> path = new ArrayList<>();
        path.add(ids.get(start));
        for (int x = last; x != start; x = parent.get(x)) {
            path.add(ids.get(x));
        }
        return path;
    }

    private int[] sortedNeeds(int u) {
        int[] p = preds[u].clone();
        Arrays.sort(p);
        return p;
    }
}
