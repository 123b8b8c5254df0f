package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Change.AlterRole;
import dev.pgstate.reconcilers.core.plan.Change.CreateRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Makes the SCRAM verifier of every password an apply sets from a plaintext before the first statement runs, over
 * every core: each costs a PBKDF2 (about 2.5 ms at 4096 iterations), so ten thousand of them one after another,
 * inside the applier's transactions, would hold those transactions open for half a minute.
 */
public final class Verifiers {

    private Verifiers() {
    }

    /**
     * {@code changes} in the same order, each plaintext password replaced by a verifier made from it with a fresh
     * salt; {@code made} hears of each pair, so a planner can remember that they match.
     */
    public static List<Change> made(List<Change> changes, BiConsumer<Secret, ScramVerifier> made) {
        return changes.parallelStream().map(change -> withVerifiers(change, made)).toList();
    }

    private static Change withVerifiers(Change change, BiConsumer<Secret, ScramVerifier> made) {
        if (change instanceof CreateRole create) {
            return new CreateRole(create.role(), withVerifiers(create.attributes(), made));
        }
        if (change instanceof AlterRole alter) {
            return new AlterRole(alter.role(), withVerifiers(alter.attributes(), made), alter.risks(), alter.lockouts());
        }
        return change;
    }

    private static List<AttributeChange<RoleAttribute>> withVerifiers(List<AttributeChange<RoleAttribute>> attributes,
                                                                      BiConsumer<Secret, ScramVerifier> made) {
        return attributes.stream().map(attribute -> {
            if (attribute.after() instanceof DesiredPassword.Plaintext plaintext) {
                ScramVerifier verifier = Scram.verifier(plaintext.secret(), plaintext.iterations());
                made.accept(plaintext.secret(), verifier);
                return new AttributeChange<>(attribute.attribute(), attribute.before(),
                        new DesiredPassword.Verifier(verifier));
            }
            return attribute;
        }).toList();
    }
}
