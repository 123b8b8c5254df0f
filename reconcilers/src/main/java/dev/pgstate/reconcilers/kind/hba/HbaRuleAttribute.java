package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.core.plan.Attribute;

/**
 * A pg_hba.conf rule as a plan attribute: the key is the rule's text, before and after are its line numbers
 * ({@code "line 3"}), null when it is not in that file, so both renderings show inserted, removed and moved rules
 * (the text one as elements of an ordered list, with the lines as notes).
 */
public record HbaRuleAttribute(String key) implements Attribute {

    @Override
    public boolean listElement() {
        return true;
    }
}
