package io.braid.embedded;

import io.braid.runs.RunView;
import io.braid.runs.TaskView;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prints one line per task state change, with the elapsed time and the run's counts, e.g.
 * {@code +1.204s  analyse-customers  RUNNING     [running 2, waiting 0, done 2/5]}.
 */
final class Progress implements Consumer<RunView> {
    private final PrintWriter out;
    private final Map<String, String> seen = new HashMap<>();
    private final long started = System.nanoTime();

    Progress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(RunView run) {
        int width = run.tasks().stream().mapToInt(t -> t.id().length()).max().orElse(4);
        for (TaskView t : run.tasks()) {
            String state = t.status() + (t.waitingFor() == null ? "" : " (" + t.waitingFor() + ")");
            if (!state.equals(seen.put(t.id(), state)) && !t.status().equals("PENDING")) {
                out.printf("+%6.3fs  %-" + width + "s  %-30s %s%n", (System.nanoTime() - started) / 1e9, t.id(), state,
                        counts(run));
            }
        }
        out.flush();
    }

    private static String counts(RunView run) {
        long running = run.tasks().stream().filter(t -> t.status().equals("RUNNING")).count();
        long waiting = run.tasks().stream().filter(t -> t.status().equals("WAITING")).count();
        long done = run.tasks().stream().filter(t -> !t.status().equals("PENDING") && !t.status().equals("WAITING")
                && !t.status().equals("RUNNING")).count();
        return "[running " + running + ", waiting " + waiting + ", done " + done + "/" + run.tasks().size() + "]";
    }
}
