package dev.pgstate.model.validate;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;

/** {@code locale} sets both lc_collate and lc_ctype, so combined with either it would say two things. */
final class LocaleRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.databases().size(); i++) {
            DatabaseSpec database = spec.databases().get(i);
            if (database.locale() != null && (database.lcCollate() != null || database.lcCtype() != null)) {
                problems.add(Problems.database(i, "locale"),
                        "locale sets both lc_collate and lc_ctype; choose either locale or lc_collate/lc_ctype");
            }
        }
    }
}
