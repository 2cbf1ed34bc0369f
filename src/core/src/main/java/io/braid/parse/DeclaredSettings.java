package io.braid.parse;

import io.braid.model.Param;
import io.braid.model.Template;
import io.braid.model.Value;
import io.braid.spi.Declared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's settings as written, with the values that are known at build time: literal ones, and those made only of
 * parameters with defaults (applied).
 */
public final class DeclaredSettings implements Declared {
    private final Map<String, Value> with;
    private final Collection<Param> params;

    public DeclaredSettings(Map<String, Value> with, Collection<Param> params) {
        this.with = with;
        this.params = params;
    }

    @Override
    public Set<String> names() {
        return with.keySet();
    }

    @Override
    public Optional<String> known(String name) {
        return with.get(name) instanceof Value.Scalar s ? known(s.text(), params) : Optional.empty();
    }

    @Override
    public Optional<List<String>> knownList(String name) {
        if (!(with.get(name) instanceof Value.Sequence seq)) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (String item : seq.items()) {
            Optional<String> k = known(item, params);
            if (k.isEmpty()) {
                return Optional.empty();
            }
            out.add(k.get());
        }
        return Optional.of(out);
    }

    /** A text with the defaults of the parameters it uses applied, if it uses nothing else. */
    public static Optional<String> known(String text, Collection<Param> params) {
        return Template.parse(text).resolve(p -> p instanceof Template.Param q
                ? params.stream().filter(x -> x.name().equals(q.name())).findFirst().flatMap(Param::defaultValue)
                : Optional.empty());
    }
}
