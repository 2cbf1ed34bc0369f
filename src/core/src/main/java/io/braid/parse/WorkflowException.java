package io.braid.parse;

import java.util.List;
import java.util.stream.Collectors;

/** A workflow file is invalid. Carries every problem found, not only the first. */
public class WorkflowException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public WorkflowException(List<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in workflow:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
