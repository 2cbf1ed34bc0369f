package io.braid.compile;

import java.util.List;

/**
 * The shape of a compiled workflow: how its tasks map onto Jakarta Batch's sequence, split and flow.
 * Task numbers index into the workflow's {@link io.braid.graph.Dag}.
 */
public sealed interface Plan {

    /** One task whose needs are all satisfied by the structure around it (no gate decision needed). */
    record Step(int task) implements Plan {
    }

    /** Parts run one after another; every task of a later part needs (transitively) every task of earlier ones. */
    record Seq(List<Plan> parts) implements Plan {
        public Seq {
            parts = List.copyOf(parts);
        }
    }

    /** Independent branches: a split with one flow per branch. No task of one branch needs one of another. */
    record Par(List<Plan> branches) implements Plan {
        public Par {
            branches = List.copyOf(branches);
        }
    }

    /**
     * A part that split/flow cannot express (e.g. the N shape). Each inner list is a chain of tasks, each
     * needing the one before it transitively, run as one flow of a split; a task's needs that lie in another
     * flow are awaited by Braid's gate. Flows are ordered so that such needs always lie in an earlier flow.
     */
    record Chains(List<List<Integer>> flows) implements Plan {
        public Chains {
            flows = flows.stream().map(List::copyOf).toList();
        }
    }
}
