package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.DropRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Verifiers made as the applier prepares changes, on several threads at once: every plaintext replaced, each pair
 * reported, nothing else touched.
 */
class VerifiersTest {

    @Test
    void everyPlaintextBecomesAVerifierOfItsSecretAndTheRestIsUnchanged() {
        List<Secret> secrets = IntStream.range(0, 40).mapToObj(i -> Secret.of(("secret " + i).toCharArray())).toList();
        List<Change> changes = new java.util.ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            AttributeChange<RoleAttribute> password = AttributeChange.created(RoleAttribute.PASSWORD,
                    new DesiredPassword.Plaintext(secrets.get(i), 4096));
            AttributeChange<RoleAttribute> login = AttributeChange.created(RoleAttribute.LOGIN, true);
            changes.add(i % 2 == 0 ? new CreateRole("user" + i, List.of(login, password))
                    : new AlterRole("user" + i, List.of(password), Set.of(Risk.TOUCHES_SECRET)));
        }
        DropRole untouched = new DropRole("gone", null, List.of());
        changes.add(untouched);
        Map<Secret, ScramVerifier> reported = new ConcurrentHashMap<>();

        Verifiers.Made reporting = (role, secret, verifier) -> {
            assertThat(role).isEqualTo("user" + secrets.indexOf(secret));
            reported.put(secret, verifier);
        };
        List<Change> made = changes.parallelStream()
                .map(change -> Verifiers.needed(change) ? Verifiers.made(change, reporting) : change).toList();

        assertThat(changes).filteredOn(Verifiers::needed).hasSize(secrets.size());
        assertThat(made).hasSameSizeAs(changes).last().isSameAs(untouched);
        assertThat(made).noneMatch(Verifiers::needed);
        assertThat(reported).hasSize(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            Change change = made.get(i);
            assertThat(change.address()).isEqualTo(changes.get(i).address());
            List<AttributeChange<RoleAttribute>> attributes = change instanceof CreateRole create
                    ? create.attributes() : ((AlterRole) change).attributes();
            AttributeChange<RoleAttribute> password = attributes.get(attributes.size() - 1);
            ScramVerifier verifier = ((DesiredPassword.Verifier) password.after()).verifier();
            assertThat(Scram.matches(secrets.get(i), verifier)).isTrue();
            assertThat(reported.get(secrets.get(i))).isEqualTo(verifier);
        }
        assertThat(((CreateRole) made.get(0)).attributes().get(0).after()).isEqualTo(true);
    }
}
