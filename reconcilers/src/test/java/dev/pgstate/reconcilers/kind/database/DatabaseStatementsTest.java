package dev.pgstate.reconcilers.kind.database;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.sql.Servers;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatabaseStatementsTest {

    private static final List<AttributeChange<DatabaseAttribute>> EVERY_OPTION = List.of(
            created(DatabaseAttribute.OWNER, "app"),
            created(DatabaseAttribute.TEMPLATE, "template0"),
            created(DatabaseAttribute.ENCODING, "UTF8"),
            created(DatabaseAttribute.LOCALE, "C"),
            created(DatabaseAttribute.CONNECTION_LIMIT, 10),
            created(DatabaseAttribute.ALLOW_CONNECTIONS, true),
            created(DatabaseAttribute.IS_TEMPLATE, false));

    @Test
    void createFrom13UsesLocale() {
        var create = new CreateDatabase("appdb", EVERY_OPTION);

        assertThat(create.statements(Servers.PG13)).containsExactly(
                "CREATE DATABASE \"appdb\" WITH OWNER \"app\" TEMPLATE \"template0\" ENCODING 'UTF8' LOCALE 'C'"
                        + " CONNECTION LIMIT 10 ALLOW_CONNECTIONS true IS_TEMPLATE false");
    }

    @Test
    void createBefore13SpellsLocaleAsCollateAndCtype() {
        var create = new CreateDatabase("appdb", EVERY_OPTION);

        assertThat(create.statements(Servers.PG11)).containsExactly(
                "CREATE DATABASE \"appdb\" WITH OWNER \"app\" TEMPLATE \"template0\" ENCODING 'UTF8'"
                        + " LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 10 ALLOW_CONNECTIONS true IS_TEMPLATE false");
    }

    @Test
    void createPassesCollateAndCtypeThrough() {
        var create = new CreateDatabase("appdb", List.of(
                created(DatabaseAttribute.LC_COLLATE, "en_US.UTF-8"), created(DatabaseAttribute.LC_CTYPE, "C")));

        assertThat(create.statements(Servers.PG18))
                .containsExactly("CREATE DATABASE \"appdb\" WITH LC_COLLATE 'en_US.UTF-8' LC_CTYPE 'C'");
    }

    @Test
    void createWithoutOptionsIsBare() {
        assertThat(new CreateDatabase("App DB", List.of()).statements(Servers.PG16))
                .containsExactly("CREATE DATABASE \"App DB\"");
    }

    @Test
    void alterSplitsOwnerFromTheOtherSettings() {
        var alter = new AlterDatabase("appdb", List.of(
                new AttributeChange<>(DatabaseAttribute.CONNECTION_LIMIT, -1, 3),
                new AttributeChange<>(DatabaseAttribute.OWNER, "postgres", "app"),
                new AttributeChange<>(DatabaseAttribute.ALLOW_CONNECTIONS, true, false),
                new AttributeChange<>(DatabaseAttribute.IS_TEMPLATE, false, true)), Set.of());

        assertThat(alter.statements(Servers.PG11)).containsExactly(
                "ALTER DATABASE \"appdb\" OWNER TO \"app\"",
                "ALTER DATABASE \"appdb\" WITH CONNECTION LIMIT 3 ALLOW_CONNECTIONS false IS_TEMPLATE true");
    }

    @Test
    void alterRefusesWhatIsFixedAtCreation() {
        var alter = new AlterDatabase("appdb", List.of(
                new AttributeChange<>(DatabaseAttribute.ENCODING, "SQL_ASCII", "UTF8")), Set.of());

        assertThatThrownBy(() -> alter.statements(Servers.PG16))
                .hasMessage("encoding of a database is fixed when it is created");
    }

    @Test
    void dropOfATemplateFirstMakesItOrdinary() {

        assertThat(new DropDatabase("tpl", true).statements(Servers.PG16))
                .containsExactly("ALTER DATABASE \"tpl\" WITH IS_TEMPLATE false", "DROP DATABASE \"tpl\"");
        assertThat(new DropDatabase("old", false).statements(Servers.PG16)).containsExactly("DROP DATABASE \"old\"");
        assertThat(new DropDatabase("invalid tpl", true, true, false).statements(Servers.PG16))
                .containsExactly("DROP DATABASE IF EXISTS \"invalid tpl\"");
    }

    @Test
    void hostileNamesAndValuesStayQuoted() {
        String hostile = "x\"; DROP ROLE postgres; --";
        var create = new CreateDatabase(hostile, List.of(
                created(DatabaseAttribute.OWNER, hostile), created(DatabaseAttribute.LOCALE, "C'; --")));

        assertThat(create.statements(Servers.PG11)).containsExactly(
                "CREATE DATABASE \"x\"\"; DROP ROLE postgres; --\" WITH OWNER \"x\"\"; DROP ROLE postgres; --\""
                        + " LC_COLLATE 'C''; --' LC_CTYPE 'C''; --'");
    }
}
