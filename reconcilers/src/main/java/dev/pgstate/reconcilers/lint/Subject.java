package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the shared rules read, from a spec (lint) or from a live server (audit), in one shape so each rule is written
 * once. What a source cannot know is absent: a spec that leaves a parameter alone has no value for it; a spec whose
 * pg_hba.conf block sits beside lines it does not see has {@code hbaComplete = false}, so rules that need every
 * line (is this role admitted anywhere?) stay silent.
 *
 * @param hbaRules           the pg_hba.conf rules in the order the server evaluates them
 * @param hbaComplete        true when these are all the rules the server reads
 * @param grammar            the pg_hba.conf grammar: version and whether ssl is on
 * @param settings           known parameter values by lower-case name
 * @param roles              the roles with what is known of them
 * @param memberships        role membership, for {@code +group} rules
 * @param bootstrapSuperuser the role initdb created ({@code postgres} unless a server says otherwise)
 * @param allowedSuperusers  the superusers the spec allows, when a live server is judged against it
 * @param existingRoles      the names that exist, when known (live)
 * @param existingDatabases  the databases that exist, when known (live)
 * @param now                when expiries are judged
 */
record Subject(List<HbaEntryAt> hbaRules, boolean hbaComplete, HbaGrammar grammar, Map<String, Setting> settings,
               List<SubjectRole> roles, RoleGraph memberships, String bootstrapSuperuser,
               Optional<Set<String>> allowedSuperusers, Optional<Set<String>> existingRoles,
               Optional<Set<String>> existingDatabases, Instant now) {

    Subject {
        hbaRules = List.copyOf(hbaRules);
        settings = Map.copyOf(settings);
        roles = List.copyOf(roles);
    }

    /** One pg_hba.conf rule and where it is; {@code managed} when the spec owns it (inside the agent's block). */
    record HbaEntryAt(HbaRule rule, Location location, boolean managed) {
    }

    /** A parameter's value and where it was set. */
    record Setting(String value, Location location) {
    }

    /** What a stored password is, as far as it is known. */
    enum Credential { NONE, SCRAM, MD5, OTHER, UNKNOWN }

    /** A role; a null attribute is not known (a spec that leaves it unmanaged). */
    record SubjectRole(String name, Boolean superuser, Boolean login, Credential credential,
                       Optional<Instant> validUntil, Location location) {
        boolean canLogin() {
            return Boolean.TRUE.equals(login);
        }
    }

    Optional<Setting> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
