package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Preparation;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.List;

/**
 * Makes the SCRAM verifier of a password an apply sets from a plaintext, just before it runs: each costs a PBKDF2
 * (about 1 to 2.5 ms at 4096 iterations), which the applier runs in the background over every core while the server
 * works on the changes before ({@link Preparation}); ten thousand of them one after another inside its transactions
 * would hold those open for half a minute, and all of them before the first statement would leave the server idle.
 */
public final class Verifiers {

    /** Hears of each verifier made, with the role it is for and the secret it was made from. */
    @FunctionalInterface
    public interface Made {
        void made(String role, Secret plaintext, ScramVerifier verifier);
    }

    private Verifiers() {
    }

    /** The changes {@link #made} prepares: a role created or altered with a password from a plaintext. */
    public static boolean needed(Change change) {
        List<AttributeChange<RoleAttribute>> attributes = change instanceof CreateRole create ? create.attributes()
                : change instanceof AlterRole alter ? alter.attributes() : List.of();
        return attributes.stream().anyMatch(attribute -> attribute.after() instanceof DesiredPassword.Plaintext);
    }

    /**
     * {@code change} with each plaintext password replaced by a verifier made from it with a fresh salt; {@code made}
     * hears of each, so a planner can remember that they match. Safe to call from several threads at once.
     */
    public static Change made(Change change, Made made) {
        if (change instanceof CreateRole create) {
            return new CreateRole(create.role(), withVerifiers(create.role(), create.attributes(), made));
        }
        if (change instanceof AlterRole alter) {
            return new AlterRole(alter.role(), withVerifiers(alter.role(), alter.attributes(), made), alter.risks(),
                    alter.lockouts());
        }
        return change;
    }

    private static List<AttributeChange<RoleAttribute>> withVerifiers(String role,
                                                                      List<AttributeChange<RoleAttribute>> attributes,
                                                                      Made made) {
        return attributes.stream().map(attribute -> {
            if (attribute.after() instanceof DesiredPassword.Plaintext plaintext) {
                ScramVerifier verifier = Scram.verifier(plaintext.secret(), plaintext.iterations());
                made.made(role, plaintext.secret(), verifier);
                return new AttributeChange<>(attribute.attribute(), attribute.before(),
                        new DesiredPassword.Verifier(verifier));
            }
            return attribute;
        }).toList();
    }
}
