package io.braid.json;

import jakarta.json.spi.JsonProvider;

import static io.braid.json.JsonP.JSON;

/**
 * The JSON-P provider, looked up once. {@code JSON.createObjectBuilder()} and its siblings look the provider up
 * through {@code ServiceLoader} at every call, which a profile of a 1,000-partition fan-out found at 12 % of its
 * samples (docs/benchmarks.md); Braid builds and reads JSON on every task's path.
 */
public final class JsonP {
    /** Immutable and thread-safe (a provider holds no per-call state): the one static Braid keeps. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonP() {
    }
}
