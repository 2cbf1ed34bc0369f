package io.braid.catalog;

import io.braid.types.TaskTypes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/** The application's task types (Braid's and its own), found once when the application starts. */
@ApplicationScoped
public class TaskTypeRegistry {
    private TaskTypes types;

    @PostConstruct
    void load() {
        types = TaskTypes.standard();
    }

    public TaskTypes types() {
        return types;
    }
}
