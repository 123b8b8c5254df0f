package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The roles a spec drops, for the rules that must not let anything depend on them. */
final class AbsentRoles {

    private final Map<String, Integer> indexByName = new HashMap<>();

    AbsentRoles(Spec spec) {
        for (int i = 0; i < spec.roles().size(); i++) {
            if (spec.roles().get(i).state() == State.ABSENT) {
                indexByName.putIfAbsent(spec.roles().get(i).name(), i);
            }
        }
    }

    /** {@code "old" is marked state: absent at roles[2]} when the spec drops {@code name}. */
    Optional<String> dropped(String name) {
        return Optional.ofNullable(indexByName.get(name))
                .map(i -> "\"" + name + "\" is marked state: absent at " + Problems.role(i, ""));
    }
}
