package io.braid.job;

import io.braid.model.Priority;

/**
 * A task's priority and own estimate as the compiler wrote them.
 *
 * @param explicit the estimate was written in the workflow; otherwise it is a guess (the type's hint or the
 *                 default) that the median of earlier runs replaces
 */
public record RankSpec(Priority priority, long estimateMillis, boolean explicit) {
}
