package dev.pgstate.reconcilers.kind.membership;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The server's membership grants (pg_auth_members), one row per grantor, indexed by member once per plan. */
public final class LiveMemberships {

    /** No membership read. */
    public static final LiveMemberships NONE = new LiveMemberships(List.of());

    private final List<LiveMembership> all;
    private final Map<String, List<LiveMembership>> byMember;

    public LiveMemberships(List<LiveMembership> all) {
        this.all = List.copyOf(all);
        this.byMember = this.all.stream().collect(Collectors.groupingBy(LiveMembership::member));
    }

    public List<LiveMembership> all() {
        return all;
    }

    /** The grants {@code member} holds, of every role. */
    public List<LiveMembership> of(String member) {
        return byMember.getOrDefault(member, List.of());
    }

    /** The grant rows (one per grantor) that make {@code member} a member of {@code role}. */
    public List<LiveMembership> grants(String role, String member) {
        return of(member).stream().filter(m -> m.role().equals(role)).toList();
    }

    @Override
    public int hashCode() {
        return all.hashCode();
    }

    /** The same grants read, in the same order: a planner keeps a plan made from equal ones. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof LiveMemberships memberships && memberships.all.equals(all);
    }
}
