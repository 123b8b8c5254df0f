package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.DropRole;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Role membership as pg_hba.conf uses it for {@code +group} and {@code samerole}: direct or indirect, whatever
 * the inherit option says, and a role is a member of itself (the server's {@code is_member_of_role_nosuper}); a
 * superuser is not a member of everything, and when either role does not exist the answer is no.
 */
public final class RoleGraph {

    private final Set<String> roles;
    private final Map<String, Set<String>> groupsOf;

    /** @param roles every role that exists; {@code groupsOf} maps a member to the roles it is granted */
    public RoleGraph(Set<String> roles, Map<String, Set<String>> groupsOf) {
        this.roles = Set.copyOf(roles);
        this.groupsOf = Map.copyOf(groupsOf);
    }

    /** The server's roles and their grants, as read. */
    public static RoleGraph of(LiveRoles roles, LiveMemberships memberships) {
        return new RoleGraph(roles.byName().keySet(), groupsOf(memberships.all()));
    }

    /**
     * This graph once {@code changes} are made: roles created and dropped (with every grant to or of them),
     * memberships granted and revoked. Lockout protection judges the pg_hba.conf in force after the apply by it.
     */
    public RoleGraph after(List<Change> changes) {
        if (changes.stream().noneMatch(RoleGraph::changesGraph)) {
            return this; // a converged plan: the graph is the one read, and copying 10,000 roles is not free
        }
        Set<String> rolesAfter = new HashSet<>(roles);
        Map<String, Set<String>> groupsAfter = new HashMap<>();
        groupsOf.forEach((member, groups) -> groupsAfter.put(member, new HashSet<>(groups)));
        for (Change change : changes) {
            if (change instanceof CreateRole create) {
                rolesAfter.add(create.role());
            } else if (change instanceof DropRole drop) {
                rolesAfter.remove(drop.role());
                groupsAfter.remove(drop.role());
                groupsAfter.values().forEach(groups -> groups.remove(drop.role()));
            } else if (change instanceof GrantMembership grant) {
                groupsAfter.computeIfAbsent(grant.member(), member -> new HashSet<>()).add(grant.role());
            } else if (change instanceof RevokeMembership revoke) {
                groupsAfter.getOrDefault(revoke.member(), new HashSet<>()).remove(revoke.role());
            }
        }
        return new RoleGraph(rolesAfter, groupsAfter);
    }

    private static boolean changesGraph(Change change) {
        return change instanceof CreateRole || change instanceof DropRole || change instanceof GrantMembership
                || change instanceof RevokeMembership;
    }

    static Map<String, Set<String>> groupsOf(List<LiveMembership> memberships) {
        return memberships.stream().collect(Collectors.groupingBy(LiveMembership::member,
                Collectors.mapping(LiveMembership::role, Collectors.toSet())));
    }

    public boolean isMember(String role, String group) {
        if (!roles.contains(role) || !roles.contains(group)) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(role));
        while (!pending.isEmpty()) {
            String current = pending.pop();
            if (current.equals(group)) {
                return true;
            }
            if (seen.add(current)) {
                pending.addAll(groupsOf.getOrDefault(current, Set.of()));
            }
        }
        return false;
    }
}
