package dev.pgstate.model.validate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An object the spec drops has no attributes to manage; attributes next to {@code state: absent}
 * suggest the author meant something else. The record components are read generically, so an
 * attribute added to a record later is covered without touching this rule.
 */
final class AbsentObjectRule implements SpecRule {

    private static final Set<String> ROLE_KEYS = Set.of("name", "state", "reassign_owned_to");
    private static final Set<String> DATABASE_KEYS = Set.of("name", "state", "force_drop");
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @Override
    public void check(Spec spec, Problems problems) {
        checkAll(spec.roles(), RoleSpec::state, ROLE_KEYS, "an absent role takes only name, state and reassign_owned_to",
                i -> Problems.role(i, ""), problems);
        checkAll(spec.databases(), DatabaseSpec::state, DATABASE_KEYS, "an absent database takes only name, state and force_drop",
                i -> Problems.database(i, ""), problems);
    }

    private static <T extends Record> void checkAll(List<T> objects, Function<T, State> state,
                                                    Set<String> allowed, String rule, IntFunction<String> entry,
                                                    Problems problems) {
        for (int i = 0; i < objects.size(); i++) {
            T object = objects.get(i);
            if (state.apply(object) != State.ABSENT) {
                continue;
            }
            List<String> extra = managedKeys(object).stream().filter(key -> !allowed.contains(key)).toList();
            if (!extra.isEmpty()) {
                problems.add(entry.apply(i) + "." + extra.get(0), rule + "; remove " + String.join(", ", extra));
            }
        }
    }

    /** The snake_case keys of the components that are set (an empty list sets nothing), in declaration order. */
    private static List<String> managedKeys(Record object) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : object.getClass().getRecordComponents()) {
            Object value = valueOf(component, object);
            if (value != null && !(value instanceof Collection<?> list && list.isEmpty())) {
                keys.add(SNAKE_CASE.translate(component.getName()));
            }
        }
        return keys;
    }

    private static Object valueOf(RecordComponent component, Record object) {
        try {
            return component.getAccessor().invoke(object);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a spec record", e);
        }
    }
}
