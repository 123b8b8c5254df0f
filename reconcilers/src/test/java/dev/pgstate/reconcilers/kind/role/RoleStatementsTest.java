package dev.pgstate.reconcilers.kind.role;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.sql.Servers;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleStatementsTest {

    @Test
    void createNamesEveryManagedAttributeInListOrder() {
        var create = new CreateRole("app", List.of(
                created(RoleAttribute.LOGIN, true),
                created(RoleAttribute.SUPERUSER, false),
                created(RoleAttribute.CREATEDB, true),
                created(RoleAttribute.CREATEROLE, false),
                created(RoleAttribute.INHERIT, false),
                created(RoleAttribute.REPLICATION, true),
                created(RoleAttribute.BYPASSRLS, false),
                created(RoleAttribute.CONNECTION_LIMIT, 5),
                created(RoleAttribute.VALID_UNTIL, "2027-01-31T00:00:00Z")));

        assertThat(create.statements(Servers.PG16)).containsExactly("CREATE ROLE \"app\" WITH LOGIN NOSUPERUSER CREATEDB"
                + " NOCREATEROLE NOINHERIT REPLICATION NOBYPASSRLS CONNECTION LIMIT 5"
                + " VALID UNTIL '2027-01-31T00:00:00Z'");
    }

    @Test
    void aPasswordIsOnlyEverSentAsAScramVerifier() {
        Secret secret = Secret.of("it's a secret".toCharArray());
        var create = new CreateRole("app", List.of(
                created(RoleAttribute.PASSWORD, new DesiredPassword.Plaintext(secret, 8192))));

        String sql = create.statements(Servers.PG16).get(0);

        assertThat(sql).startsWith("CREATE ROLE \"app\" WITH PASSWORD 'SCRAM-SHA-256$8192:").doesNotContain("secret");
        String verifier = sql.substring(sql.indexOf('\'') + 1, sql.length() - 1);
        assertThat(Scram.matches(secret, ScramVerifier.parse(verifier).orElseThrow())).isTrue();
    }

    @Test
    void aGivenVerifierIsSentAsItIsAndNoneClearsThePassword() {
        ScramVerifier verifier = Scram.verifier(Secret.of("pw".toCharArray()), 4096);
        var set = new AlterRole("app", List.of(
                new AttributeChange<>(RoleAttribute.PASSWORD, "password differs", new DesiredPassword.Verifier(verifier))),
                Set.of());
        var clear = new AlterRole("postgres", List.of(
                new AttributeChange<>(RoleAttribute.PASSWORD, "has a password", new DesiredPassword.None())), Set.of());

        assertThat(set.statements(Servers.PG16)).containsExactly("ALTER ROLE \"app\" WITH PASSWORD '" + verifier.text() + "'");
        assertThat(clear.statements(Servers.PG16)).containsExactly("ALTER ROLE \"postgres\" WITH PASSWORD NULL");
    }

    @Test
    void createWithoutManagedAttributesLeavesServerDefaults() {
        assertThat(new CreateRole("App", List.of()).statements(Servers.PG16))
                .containsExactly("CREATE ROLE \"App\"");
    }

    @Test
    void alterNamesOnlyTheChangedAttributes() {
        var alter = new AlterRole("app", List.of(
                new AttributeChange<>(RoleAttribute.LOGIN, false, true),
                new AttributeChange<>(RoleAttribute.CONNECTION_LIMIT, 5, -1),
                new AttributeChange<>(RoleAttribute.VALID_UNTIL, "2027-01-31T00:00:00Z", "infinity")), Set.of());

        assertThat(alter.statements(Servers.PG16))
                .containsExactly("ALTER ROLE \"app\" WITH LOGIN CONNECTION LIMIT -1 VALID UNTIL 'infinity'");
    }

    @Test
    void alterWithNothingToChangeSendsNothing() {
        assertThat(new AlterRole("app", List.of(), Set.of()).statements(Servers.PG16)).isEmpty();
    }

    @Test
    void dropIsOnlyTheDropRoleEvenWithAnHeir() {
        var owner = new RoleDependency("old", "appdb", RoleDependency.Kind.OWNER, "pg_class", 1);
        assertThat(new DropRole("old", "heir", List.of(owner)).statements(Servers.PG16))
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
        var create = new CreateRole(hostile, List.of(created(RoleAttribute.VALID_UNTIL, "x'; --")));

        assertThat(create.statements(Servers.PG16))
                .containsExactly("CREATE ROLE \"x\"\"; DROP ROLE postgres; --\" WITH VALID UNTIL 'x''; --'");
        assertThat(RoleStatements.releaseOwned(hostile, "Zoë Q"))
                .containsExactly("REASSIGN OWNED BY \"x\"\"; DROP ROLE postgres; --\" TO \"Zoë Q\"",
                        "DROP OWNED BY \"x\"\"; DROP ROLE postgres; --\"");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheAttribute() {
        var create = new CreateRole("app", List.of(created(RoleAttribute.LOGIN, "yes")));

        assertThatThrownBy(() -> create.statements(Servers.PG16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("login needs a Boolean value, got String");
    }
}
