package io.braid.model;

import java.util.Optional;

/**
 * A workflow parameter. Tasks refer to it as {@code ${params.name}}; a run supplies it as a job parameter.
 *
 * @param defaultValue empty when the parameter is required
 */
public record Param(String name, Optional<String> defaultValue, String description) {
    public boolean required() {
        return defaultValue.isEmpty();
    }
}
