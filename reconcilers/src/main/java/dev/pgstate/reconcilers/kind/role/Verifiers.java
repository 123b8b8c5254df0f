package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.List;

/**
 * Makes the SCRAM verifier of every password an apply sets from a plaintext before the first statement runs, over
 * every core: each costs a PBKDF2 (about 2.5 ms at 4096 iterations), so ten thousand of them one after another,
 * inside the applier's transactions, would hold those transactions open for half a minute.
 */
public final class Verifiers {

    /** Hears of each verifier made, with the role it is for and the secret it was made from. */
    @FunctionalInterface
    public interface Made {
        void made(String role, Secret plaintext, ScramVerifier verifier);
    }

    private Verifiers() {
    }

    /**
     * {@code changes} in the same order, each plaintext password replaced by a verifier made from it with a fresh
     * salt; {@code made} hears of each, so a planner can remember that they match.
     */
    public static List<Change> made(List<Change> changes, Made made) {
        return changes.parallelStream().map(change -> withVerifiers(change, made)).toList();
    }

    private static Change withVerifiers(Change change, Made made) {
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
