package dev.pgstate.reconcilers.kind.role;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.sql.Servers;
import dev.pgstate.reconcilers.core.sql.StatementBuilder;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleStatementsTest {

    private final StatementBuilder builder = new StatementBuilder(Servers.PG16);

    @Test
    void createNamesEveryManagedAttributeInListOrder() {
        var create = new Change.CreateRole("app", List.of(
                created(RoleAttribute.LOGIN, true),
                created(RoleAttribute.SUPERUSER, false),
                created(RoleAttribute.CREATEDB, true),
                created(RoleAttribute.CREATEROLE, false),
                created(RoleAttribute.INHERIT, false),
                created(RoleAttribute.REPLICATION, true),
                created(RoleAttribute.BYPASSRLS, false),
                created(RoleAttribute.CONNECTION_LIMIT, 5),
                created(RoleAttribute.VALID_UNTIL, "2027-01-31T00:00:00Z")));

        assertThat(builder.statements(create)).containsExactly("CREATE ROLE \"app\" WITH LOGIN NOSUPERUSER CREATEDB"
                + " NOCREATEROLE NOINHERIT REPLICATION NOBYPASSRLS CONNECTION LIMIT 5"
                + " VALID UNTIL '2027-01-31T00:00:00Z'");
    }

    @Test
    void aPasswordIsOnlyEverSentAsAScramVerifier() {
        Secret secret = Secret.of("it's a secret".toCharArray());
        var create = new Change.CreateRole("app", List.of(
                created(RoleAttribute.PASSWORD, new DesiredPassword.Plaintext(secret, 8192))));

        String sql = builder.statements(create).get(0);

        assertThat(sql).startsWith("CREATE ROLE \"app\" WITH PASSWORD 'SCRAM-SHA-256$8192:").doesNotContain("secret");
        String verifier = sql.substring(sql.indexOf('\'') + 1, sql.length() - 1);
        assertThat(Scram.matches(secret, ScramVerifier.parse(verifier).orElseThrow())).isTrue();
    }

    @Test
    void aGivenVerifierIsSentAsItIsAndNoneClearsThePassword() {
        ScramVerifier verifier = Scram.verifier(Secret.of("pw".toCharArray()), 4096);
        var set = new Change.AlterRole("app", List.of(
                new AttributeChange<>(RoleAttribute.PASSWORD, "password differs", new DesiredPassword.Verifier(verifier))),
                Set.of());
        var clear = new Change.AlterRole("postgres", List.of(
                new AttributeChange<>(RoleAttribute.PASSWORD, "has a password", new DesiredPassword.None())), Set.of());

        assertThat(builder.statements(set)).containsExactly("ALTER ROLE \"app\" WITH PASSWORD '" + verifier.text() + "'");
        assertThat(builder.statements(clear)).containsExactly("ALTER ROLE \"postgres\" WITH PASSWORD NULL");
    }

    @Test
    void createWithoutManagedAttributesLeavesServerDefaults() {
        assertThat(builder.statements(new Change.CreateRole("App", List.of())))
                .containsExactly("CREATE ROLE \"App\"");
    }

    @Test
    void alterNamesOnlyTheChangedAttributes() {
        var alter = new Change.AlterRole("app", List.of(
                new AttributeChange<>(RoleAttribute.LOGIN, false, true),
                new AttributeChange<>(RoleAttribute.CONNECTION_LIMIT, 5, -1),
                new AttributeChange<>(RoleAttribute.VALID_UNTIL, "2027-01-31T00:00:00Z", "infinity")), Set.of());

        assertThat(builder.statements(alter))
                .containsExactly("ALTER ROLE \"app\" WITH LOGIN CONNECTION LIMIT -1 VALID UNTIL 'infinity'");
    }

    @Test
    void alterWithNothingToChangeSendsNothing() {
        assertThat(builder.statements(new Change.AlterRole("app", List.of(), Set.of()))).isEmpty();
    }

    @Test
    void dropIsOnlyTheDropRoleEvenWithAnHeir() {
        var owner = new RoleDependency("old", "appdb", RoleDependency.Kind.OWNER, "pg_class", 1);
        assertThat(builder.statements(new Change.DropRole("old", "heir", List.of(owner))))
                .containsExactly("DROP ROLE \"old\"");
    }

    @Test
    void releaseOwnedReassignsThenDropsOwned() {
        assertThat(RoleStatements.releaseOwned("old", "heir"))
                .containsExactly("REASSIGN OWNED BY \"old\" TO \"heir\"", "DROP OWNED BY \"old\"");
    }

    @Test
    void hostileNamesAndValuesStayQuoted() {
        String hostile = "x\"; DROP ROLE postgres; --";
        var create = new Change.CreateRole(hostile, List.of(created(RoleAttribute.VALID_UNTIL, "x'; --")));

        assertThat(builder.statements(create))
                .containsExactly("CREATE ROLE \"x\"\"; DROP ROLE postgres; --\" WITH VALID UNTIL 'x''; --'");
        assertThat(RoleStatements.releaseOwned(hostile, "Zoë Q"))
                .containsExactly("REASSIGN OWNED BY \"x\"\"; DROP ROLE postgres; --\" TO \"Zoë Q\"",
                        "DROP OWNED BY \"x\"\"; DROP ROLE postgres; --\"");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheAttribute() {
        var create = new Change.CreateRole("app", List.of(created(RoleAttribute.LOGIN, "yes")));

        assertThatThrownBy(() -> builder.statements(create))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("login needs a Boolean value, got String");
    }
}
