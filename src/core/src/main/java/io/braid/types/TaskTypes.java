package io.braid.types;

import io.braid.spi.TaskType;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The task types a class loader offers: Braid's built-in ones and any an application lists in
 * {@code META-INF/services/io.braid.spi.TaskType}. Two types may not share a name.
 */
public final class TaskTypes {
    private final Map<String, TaskType> types;

    private TaskTypes(Map<String, TaskType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** The types visible to a class loader (the application's, at build time and on the server). */
    public static TaskTypes load(ClassLoader loader) {
        Map<String, TaskType> m = new TreeMap<>();
        for (TaskType t : ServiceLoader.load(TaskType.class, loader)) {
            TaskType other = m.putIfAbsent(t.name(), t);
            if (other != null && other.getClass() != t.getClass()) {
                throw new IllegalStateException("two task types are named '" + t.name() + "': " + other.getClass().getName()
                        + " and " + t.getClass().getName());
            }
        }
        return new TaskTypes(m);
    }

    /** The types of the class loader that loaded Braid (enough wherever the application's types are beside it). */
    public static TaskTypes standard() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return load(context != null ? context : TaskTypes.class.getClassLoader());
    }

    public Optional<TaskType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public TaskType get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no task type '" + name + "'"));
    }

    public Set<String> names() {
        return types.keySet();
    }
}
