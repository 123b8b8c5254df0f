package dev.pgstate.reconcilers.hba;

import dev.pgstate.reconcilers.live.LiveMembership;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Role membership as pg_hba.conf uses it for {@code +group} and {@code samerole}: direct or indirect, whatever
 * the inherit option says, and a role is a member of itself (the server's {@code is_member_of_role_nosuper}).
 */
public final class RoleGraph {

    private final Map<String, Set<String>> groupsOf;

    public RoleGraph(List<LiveMembership> memberships) {
        this.groupsOf = memberships.stream().collect(Collectors.groupingBy(LiveMembership::member,
                Collectors.mapping(LiveMembership::role, Collectors.toSet())));
    }

    public boolean isMember(String role, String group) {
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
