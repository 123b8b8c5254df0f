package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.RoleDatabaseSetting;
import dev.pgstate.reconcilers.kind.setting.ServerSetting;
import dev.pgstate.reconcilers.kind.setting.SettingValue;
import dev.pgstate.reconcilers.kind.setting.SettingsPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the settings roles and databases give their sessions (pg_db_role_setting): each value the spec names is
 * read against the server's pg_settings as server parameters are (a parameter only a config file or the server's
 * start can set is a problem), compared in canonical form with what ALTER ROLE/DATABASE … SET stored, and set when
 * it differs; a parameter the object has and the spec's map leaves out is reset. A map left out of the spec leaves
 * the object's settings alone.
 *
 * @param agentRole the role the agent connects as, whose sessions must stay the agent's
 */
public record ObjectSettingsPlanner(LiveSettings live, int major, String agentRole, Findings out) {

    /**
     * Who a session acts as. pg_settings never shows them, so they cannot be compared; for the agent's own role
     * they would make its sessions act as another role (its connection start undoes role, not session_authorization).
     */
    private static final Set<String> IDENTITY = Set.of("role", "session_authorization");

    public void plan(List<RoleSpec> roles, List<DatabaseSpec> databases) {
        for (int i = 0; i < roles.size(); i++) {
            RoleSpec role = roles.get(i);
            if (role.settings() != null && role.state() == State.PRESENT) {
                plan(ObjectSettingsKind.ofRole(role.name()), "roles[" + i + "].settings", role.settings(),
                        role.name().equals(agentRole));
            }
        }
        for (int i = 0; i < databases.size(); i++) {
            DatabaseSpec database = databases.get(i);
            if (database.settings() != null && database.state() == State.PRESENT) {
                plan(ObjectSettingsKind.ofDatabase(database.name()), "databases[" + i + "].settings",
                        database.settings(), false);
            }
        }
    }

    private void plan(Address address, String field, Map<String, String> wanted, boolean agentsOwn) {
        Map<String, RoleDatabaseSetting> current = current(address);
        List<ObjectSetting> settings = new ArrayList<>();
        List<AttributeChange<ObjectSetting.Parameter>> attributes = new ArrayList<>();
        boolean problems = false;
        for (Map.Entry<String, String> setting : wanted.entrySet()) {
            String name = setting.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            RoleDatabaseSetting existing = current.remove(lower);
            Optional<String> problem = problem(address, name, agentsOwn);
            if (problem.isPresent()) {
                out.problems.add(field + "." + name + ": " + problem.get());
                problems = true;
                continue;
            }
            ServerSetting parameter = live.parameter(name).orElseThrow();
            SettingValue values = new SettingValue(parameter, major, live.serverForms(name));
            Object canonical;
            try {
                canonical = values.canonical(setting.getValue());
            } catch (IllegalArgumentException invalid) {
                out.problems.add(field + "." + name + ": " + invalid.getMessage());
                problems = true;
                continue;
            }
            if (existing != null && values.readsAs(existing.value(), canonical)) {
                continue;
            }
            List<String> items = SettingValue.quotesItems(parameter.name(), major)
                    ? SettingValue.listItems(parameter.name(), setting.getValue()) : List.of();
            settings.add(new ObjectSetting(parameter.name(), setting.getValue(), items));
            attributes.add(new AttributeChange<>(new ObjectSetting.Parameter(parameter.name()),
                    existing == null ? null : existing.value(), values.display(canonical)));
        }
        for (RoleDatabaseSetting left : current.values()) {
            settings.add(ObjectSetting.reset(left.name()));
            attributes.add(new AttributeChange<>(new ObjectSetting.Parameter(left.name()), left.value(), "(reset)"));
        }
        if (!problems && !settings.isEmpty()) {
            out.changes.add(new AlterObjectSettings(address, settings, attributes));
        }
    }

    /** Why this parameter cannot be one of this object's settings, if it cannot. */
    private Optional<String> problem(Address address, String name, boolean agentsOwn) {
        Optional<ServerSetting> found = live.parameter(name);
        String per = address.names().get(0);
        if (IDENTITY.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of(agentsOwn ? "the agent connects as \"" + agentRole + "\": with " + name + " set, its own "
                    + "sessions would act as another role; set it for the roles people log in as"
                    : "not managed as a setting: pg_settings does not show it, so the agent could not compare it");
        }
        if (found.isEmpty()) {
            return Optional.of(SettingsPlanner.unknown(name, major, live));
        }
        ServerSetting parameter = found.get();
        if (!parameter.settableInSession()) {
            return Optional.of(parameter.name() + " cannot be set per " + per + " (context " + parameter.context()
                    + ": only " + (parameter.readOnly() ? "the cluster's build" : parameter.needsRestart()
                    ? "the server's start" : "the config files or the connection's start") + " sets it); "
                    + (parameter.readOnly() ? "no setting changes it" : "set it under server.settings"));
        }
        return Optional.empty();
    }

    /** The object's stored settings by lower-case name. */
    private Map<String, RoleDatabaseSetting> current(Address address) {
        boolean role = address.names().get(0).equals("role");
        String name = address.names().get(1);
        Map<String, RoleDatabaseSetting> current = new LinkedHashMap<>();
        for (RoleDatabaseSetting setting : live.overrides()) {
            boolean mine = role ? name.equals(setting.role()) && setting.database() == null
                    : setting.role() == null && name.equals(setting.database());
            if (mine) {
                current.put(setting.name().toLowerCase(Locale.ROOT), setting);
            }
        }
        return current;
    }

}
