package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;

/** A database cannot be owned by a role the same spec drops: the drop would fail or the owner would vanish. */
final class DatabaseOwnerRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        AbsentRoles absent = new AbsentRoles(spec);
        for (int i = 0; i < spec.databases().size(); i++) {
            String owner = spec.databases().get(i).owner();
            if (owner == null) {
                continue;
            }
            int index = i;
            absent.dropped(owner).ifPresent(dropped -> problems.add(Problems.database(index, "owner"),
                    dropped + "; a database cannot be owned by a role the spec drops"));
        }
    }
}
