package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;

/** One concern a spec must satisfy. A rule reports every violation it finds and never stops early. */
interface SpecRule {

    void check(Spec spec, Problems problems);
}
