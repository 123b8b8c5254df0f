package dev.pgstate.model.validate;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.Spec;
import java.util.regex.Pattern;

/**
 * A password source must name a place the agent can look in when it plans; whether the secret is there is only
 * checked then, so a spec validates on a machine without its secrets. References are paths and names, never
 * secrets, so messages may show them.
 */
final class PasswordRule implements SpecRule {

    /** RFC 7677 asks for at least 4096 rounds; PostgreSQL's own default is 4096. */
    static final int MIN_ITERATIONS = 4096;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            if (spec.roles().get(i).password() instanceof PasswordSource.External external) {
                checkExternal(external, Problems.role(i, "password"), problems);
            }
        }
    }

    private static void checkExternal(PasswordSource.External external, String field, Problems problems) {
        String reference = external.reference();
        String at = field + "." + external.origin().key();
        switch (external.origin()) {
            case FILE -> {
                if (!reference.startsWith("/")) {
                    problems.add(at, "expected an absolute path, found \"" + reference + "\"");
                }
            }
            case ENV -> {
                if (!ENV_NAME.matcher(reference).matches()) {
                    problems.add(at, "expected an environment variable name (letters, digits and _), found \""
                            + reference + "\"");
                }
            }
            case CREDENTIAL -> {
                if (reference.isEmpty() || reference.contains("/") || reference.equals(".") || reference.equals("..")) {
                    problems.add(at, "expected the name of a file in $CREDENTIALS_DIRECTORY, found \"" + reference + "\"");
                }
            }
        }
        if (external.iterations() != null && external.iterations() < MIN_ITERATIONS) {
            problems.add(field + ".iterations", "expected " + MIN_ITERATIONS + " or more (RFC 7677), found "
                    + external.iterations());
        }
    }
}
