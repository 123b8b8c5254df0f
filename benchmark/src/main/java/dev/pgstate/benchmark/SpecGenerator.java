package dev.pgstate.benchmark;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet-sized spec: {@code size} login roles, each a member of one of a few group roles, every third with
 * CREATEDB, and a tenth as many databases owned by some of them.
 */
final class SpecGenerator {

    static final int GROUPS = 5;

    private SpecGenerator() {
    }

    static Spec generate(int size) {
        List<RoleSpec> roles = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            roles.add(new RoleSpec(group(g), State.PRESENT, null, null, null, null, false, null, null, null, null,
                    null, null));
        }
        for (int i = 0; i < size; i++) {
            roles.add(new RoleSpec(user(i), State.PRESENT, false, i % 3 == 0, false, true, true, false, false, -1,
                    null, List.of(MembershipSpec.of(group(i % GROUPS))), null));
        }
        List<DatabaseSpec> databases = new ArrayList<>();
        for (int d = 0; d < size / 10; d++) {
            databases.add(new DatabaseSpec(String.format("db%05d", d), State.PRESENT, user(d * 7 % size), null, null,
                    null, null, null, -1, true, false));
        }
        return new Spec(null, roles, databases);
    }

    /** A role in the middle of the spec, for the single-drift measurement. */
    static String driftedRole(int size) {
        return user(size / 2);
    }

    private static String group(int g) {
        return "group" + g;
    }

    private static String user(int i) {
        return String.format("user%05d", i);
    }
}
