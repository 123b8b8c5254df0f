package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.kind.database.CreateDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import dev.pgstate.reconcilers.kind.database.DropDatabase;
import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.DropRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed change takes with it: exactly the later changes that name the role or database it was about. */
class DependentsTest {

    private static final CreateRole APP = new CreateRole("app", List.of());

    @Test
    void aRoleIsNeededByItsMembershipsItsDatabasesAndADropThatHandsItObjects() {
        assertThat(new GrantMembership("app", "web", List.of()).dependsOn(APP)).isTrue();
        assertThat(new GrantMembership("staff", "app", List.of()).dependsOn(APP)).isTrue();
        assertThat(database("appdb", "app").dependsOn(APP)).isTrue();
        assertThat(new DropRole("old", "app", List.of()).dependsOn(APP)).isTrue();
    }

    @Test
    void otherNamesAndOtherKindsAreNotHeldBack() {
        assertThat(new GrantMembership("staff", "application", List.of()).dependsOn(APP)).isFalse();
        assertThat(database("appdb", "other").dependsOn(APP)).isFalse();
        assertThat(new CreateDatabase("app", List.of()).dependsOn(APP)).as("a database named like the role")
                .isFalse();
        assertThat(new DropRole("old", null, List.of()).dependsOn(APP)).isFalse();
    }

    @Test
    void aDatabaseIsNeededOnlyByItsOwnChangesAndTheDatabasesCopiedFromItAndMembershipsAndSettingsByNothing() {
        CreateDatabase appdb = new CreateDatabase("appdb", List.of());
        assertThat(new DropDatabase("appdb", false).dependsOn(appdb)).isTrue();
        assertThat(new CreateDatabase("copy", List.of(AttributeChange.created(DatabaseAttribute.TEMPLATE, "appdb")))
                .dependsOn(appdb)).isTrue();
        assertThat(new DropDatabase("otherdb", false).dependsOn(appdb)).isFalse();
        GrantMembership membership = new GrantMembership("staff", "app", List.of());
        assertThat(new GrantMembership("staff", "app", List.of()).dependsOn(membership)).isFalse();
        assertThat(APP.dependsOn(membership)).isFalse();
    }

    private static CreateDatabase database(String name, String owner) {
        return new CreateDatabase(name, List.of(AttributeChange.created(DatabaseAttribute.OWNER, owner)));
    }
}
