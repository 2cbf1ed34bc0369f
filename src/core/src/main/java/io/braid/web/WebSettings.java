package io.braid.web;

import io.braid.config.ConfigValues;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.Set;

/** The request filters' settings: {@code braid.csrf.allowedOrigins}, {@code braid.api.maxBodyBytes}. */
@ApplicationScoped
public class WebSettings {
    static final long DEFAULT_MAX_BODY = 64 * 1024;

    private Set<String> allowedOrigins;
    private long maxBodyBytes;

    @PostConstruct
    void read() {
        ConfigValues config = ConfigValues.current();
        allowedOrigins = Set.copyOf(config.list("braid.csrf.allowedOrigins"));
        maxBodyBytes = config.number("braid.api.maxBodyBytes", DEFAULT_MAX_BODY, 1, Integer.MAX_VALUE);
    }

    /** Created when the application starts, so that a bad setting stops it then, naming the property. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct read the settings
    }

    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
