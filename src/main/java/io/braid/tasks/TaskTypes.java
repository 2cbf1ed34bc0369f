package io.braid.tasks;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The registry of task types a workflow may use. */
public final class TaskTypes {
    private static final Map<String, TaskType> BUILT_IN = register(new WaitType(), new BatchletType(), new SqlType(),
            new ChunkType(), new HttpType(),
            new io.braid.tasks.csv.CsvImportType());

    private TaskTypes() {
    }

    public static Optional<TaskType> find(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    public static java.util.Set<String> names() {
        return BUILT_IN.keySet();
    }

    private static Map<String, TaskType> register(TaskType... types) {
        Map<String, TaskType> m = new TreeMap<>();
        for (TaskType t : types) {
            m.put(t.name(), t);
        }
        return Collections.unmodifiableMap(m);
    }
}
