package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** A role or database is declared once; a second declaration would make the spec contradict itself. */
final class UniqueNameRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        List<String> roles = spec.roles().stream().map(role -> role.name()).toList();
        List<String> databases = spec.databases().stream().map(database -> database.name()).toList();
        checkUnique("role", roles, i -> Problems.role(i, ""), problems);
        checkUnique("database", databases, i -> Problems.database(i, ""), problems);
    }

    private static void checkUnique(String kind, List<String> names, IntFunction<String> entry, Problems problems) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer first = firstIndex.putIfAbsent(names.get(i), i);
            if (first != null) {
                String firstEntry = entry.apply(first);
                problems.add(entry.apply(i) + ".name", kind + " \"" + names.get(i) + "\" is already declared at "
                        + firstEntry + " (line " + problems.lineOf(firstEntry) + ")");
            }
        }
    }
}
