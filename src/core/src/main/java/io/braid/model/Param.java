package io.braid.model;

import java.util.Optional;

/**
 * A workflow parameter. Tasks refer to it as {@code ${params.name}}; a run supplies it as a job parameter.
 *
 * @param defaultValue empty when the parameter is required
 * @param secret       its value is masked in run records and logs and kept out of the job repository
 */
public record Param(String name, Optional<String> defaultValue, String description, boolean secret) {
    public Param(String name, Optional<String> defaultValue, String description) {
        this(name, defaultValue, description, false);
    }

    public boolean required() {
        return defaultValue.isEmpty();
    }
}
