package io.braid.parse;

import io.braid.graph.Dag;
import io.braid.model.Param;
import io.braid.model.Template;
import io.braid.types.ArtifactType;
import io.braid.types.TaskTypes;

import java.util.List;
import java.util.Set;

/**
 * Every {@code ${…}} of every task: a known expression; a declared parameter; an output of a task among the
 * reader's transitive needs (the only ones sure to have completed when it starts), and not in a setting that
 * reaches your own artifact as a batch property; the fan-out item only in a task with {@code fanOut}.
 */
final class ReferenceCheck {
    private final Source source;
    private final TaskTypes types;
    private final List<Param> params;
    private final Dag dag;
    private final Set<String> ids;
    private final boolean acyclic;

    ReferenceCheck(Source source, TaskTypes types, List<Param> params, Dag dag, Set<String> ids) {
        this.source = source;
        this.types = types;
        this.params = params;
        this.dag = dag;
        this.ids = ids;
        this.acyclic = dag.cycles().isEmpty();
    }

    void check(TaskDraft d) {
        boolean artifact = d.type != null && types.find(d.type).orElse(null) instanceof ArtifactType;
        for (SettingDraft s : d.with.values()) {
            for (Text t : s.texts()) {
                check(d, t, d.fanOut.isPresent(), artifact);
            }
        }
        for (Text t : d.fanOutTexts) {
            check(d, t, false, false); // the plan is made before any partition exists
        }
    }

    private void check(TaskDraft d, Text t, boolean itemDefined, boolean artifact) {
        for (Template.Part p : Template.parse(t.value()).parts()) {
            if (p instanceof Template.Unknown u) {
                source.problem(t.node(), t.field(), Check.UNKNOWN_EXPRESSION, "unknown expression '${" + u.expression()
                        + "}'; use ${params.<name>}, ${tasks.<id>.outputs.<key>}, ${item…} or ${index}");
            } else if (p instanceof Template.Param q && params.stream().noneMatch(x -> x.name().equals(q.name()))) {
                source.problem(t.node(), t.field(), Check.UNKNOWN_PARAM, "unknown parameter '" + q.name() + "'"
                        + Suggestions.didYouMean(q.name(), params.stream().map(Param::name).toList()));
            } else if (p instanceof Template.Item i && !itemDefined) {
                source.problem(t.node(), t.field(), Check.ITEM, "${" + i.expression() + "} is only defined in the partitions "
                        + "of a task with fanOut");
            } else if (p instanceof Template.Output o) {
                output(d, t, o, artifact);
            }
        }
    }

    private void output(TaskDraft d, Text t, Template.Output o, boolean artifact) {
        if (!ids.contains(o.task())) {
            source.problem(t.node(), t.field(), Check.OUTPUT_TASK, "unknown task '" + o.task() + "' in ${tasks." + o.task()
                    + ".outputs…}" + Suggestions.didYouMean(o.task(), ids));
        } else if (artifact) {
            source.problem(t.node(), t.field(), Check.OUTPUT_TASK, "type '" + d.type + "' passes settings to your artifact as "
                    + "batch properties, which cannot carry outputs of other tasks; only ${params.<name>} works here");
        } else if (d.id != null && ids.contains(d.id) && acyclic
                && !dag.reaches(dag.index(o.task()), dag.index(d.id))) {
            source.problem(t.node(), t.field(), Check.OUTPUT_TASK, "task '" + d.id + "' reads an output of '" + o.task()
                    + "', which is not among its needs (directly or through other needs): add needs: " + o.task());
        }
    }
}
