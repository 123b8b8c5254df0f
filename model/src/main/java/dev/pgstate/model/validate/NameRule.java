package dev.pgstate.model.validate;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import java.nio.charset.StandardCharsets;

/**
 * Every role and database name, declared or referred to, must be one PostgreSQL can hold as it is.
 * Any other character is allowed (quotes, spaces, capitals, unicode): the agent quotes identifiers.
 */
final class NameRule implements SpecRule {

    /** NAMEDATALEN - 1: PostgreSQL silently truncates longer identifiers, which would split one name into two. */
    static final int MAX_BYTES = 63;

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            RoleSpec role = spec.roles().get(i);
            checkName(role.name(), Problems.role(i, "name"), problems);
            checkName(role.reassignOwnedTo(), Problems.role(i, "reassign_owned_to"), problems);
            if (role.managesMemberships()) {
                for (int j = 0; j < role.memberOf().size(); j++) {
                    MembershipSpec membership = role.memberOf().get(j);
                    checkName(membership.role(), Problems.membership(i, j), problems);
                }
            }
        }
        for (int i = 0; i < spec.databases().size(); i++) {
            DatabaseSpec database = spec.databases().get(i);
            checkName(database.name(), Problems.database(i, "name"), problems);
            checkName(database.owner(), Problems.database(i, "owner"), problems);
        }
    }

    static void checkName(String name, String field, Problems problems) {
        if (name == null) {
            return;
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (name.isEmpty()) {
            problems.add(field, "must not be empty");
        } else if (bytes > MAX_BYTES) {
            problems.add(field, "\"" + name + "\" is " + bytes + " bytes in UTF-8, longer than " + MAX_BYTES
                    + " bytes, PostgreSQL would truncate it");
        }
    }
}
