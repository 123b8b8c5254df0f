package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Change.CreateDatabase;
import dev.pgstate.reconcilers.core.plan.Change.CreateRole;
import dev.pgstate.reconcilers.core.plan.Change.DropRole;
import dev.pgstate.reconcilers.core.plan.Change.GrantMembership;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed change takes with it: exactly the later changes that name the role or database it was about. */
class DependentsTest {

    private static final CreateRole APP = new CreateRole("app", List.of());

    @Test
    void aRoleIsNeededByItsMembershipsItsDatabasesAndADropThatHandsItObjects() {
        assertThat(Dependents.needs(new GrantMembership("app", "web", List.of()), APP)).isTrue();
        assertThat(Dependents.needs(new GrantMembership("staff", "app", List.of()), APP)).isTrue();
        assertThat(Dependents.needs(database("appdb", "app"), APP)).isTrue();
        assertThat(Dependents.needs(new DropRole("old", "app", List.of()), APP)).isTrue();
    }

    @Test
    void otherNamesAndOtherKindsAreNotHeldBack() {
        assertThat(Dependents.needs(new GrantMembership("staff", "application", List.of()), APP)).isFalse();
        assertThat(Dependents.needs(database("appdb", "other"), APP)).isFalse();
        assertThat(Dependents.needs(new CreateDatabase("app", List.of()), APP)).as("a database named like the role")
                .isFalse();
        assertThat(Dependents.needs(new DropRole("old", null, List.of()), APP)).isFalse();
    }

    @Test
    void aDatabaseIsNeededOnlyByItsOwnChangesAndMembershipsAndSettingsByNothing() {
        CreateDatabase appdb = new CreateDatabase("appdb", List.of());
        assertThat(Dependents.needs(new Change.DropDatabase("appdb", false), appdb)).isTrue();
        assertThat(Dependents.needs(new Change.DropDatabase("otherdb", false), appdb)).isFalse();
        GrantMembership membership = new GrantMembership("staff", "app", List.of());
        assertThat(Dependents.needs(new GrantMembership("staff", "app", List.of()), membership)).isFalse();
        assertThat(Dependents.needs(APP, membership)).isFalse();
    }

    private static CreateDatabase database(String name, String owner) {
        return new CreateDatabase(name, List.of(AttributeChange.created(DatabaseAttribute.OWNER, owner)));
    }
}
