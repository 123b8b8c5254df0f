package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.ValidUntil;

/** An expiry the agent cannot read would be sent to the server as typed, with whatever meaning it gives it. */
final class ValidUntilRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            String validUntil = spec.roles().get(i).validUntil();
            if (validUntil == null) {
                continue;
            }
            try {
                ValidUntil.parse(validUntil);
            } catch (IllegalArgumentException e) {
                problems.add(Problems.role(i, "valid_until"), e.getMessage() + ", found \"" + validUntil + "\"");
            }
        }
    }
}
