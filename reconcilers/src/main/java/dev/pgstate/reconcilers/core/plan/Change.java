package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import dev.pgstate.reconcilers.kind.hba.HbaRuleAttribute;
import dev.pgstate.reconcilers.kind.membership.MembershipOption;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.kind.setting.SettingAttribute;
import dev.pgstate.reconcilers.kind.setting.SettingTarget;
import dev.pgstate.reconcilers.kind.tls.Fingerprint;
import dev.pgstate.reconcilers.kind.tls.TlsFile;
import dev.pgstate.reconcilers.kind.tls.TlsFileAttribute;
import dev.pgstate.reconcilers.kind.tls.TlsFileRole;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One difference between spec and server that the agent will remove. Each kind is its own record so the
 * applier is typed; the reason is for display only and never drives the apply.
 */
public sealed interface Change permits
        Change.CreateRole, Change.AlterRole, Change.DropRole,
        Change.GrantMembership, Change.AlterMembership, Change.RevokeMembership,
        Change.CreateDatabase, Change.AlterDatabase, Change.DropDatabase,
        Change.AlterSetting, Change.RewriteHbaFile, Change.InstallTlsFiles {

    Address address();

    Action action();

    List<? extends AttributeChange<?>> attributes();

    Set<Risk> risks();

    default Effect effect() {
        return Effect.NONE;
    }

    /**
     * How the change would stop a connection that must keep working (the agent's own first), in words; apply refuses
     * a plan with any unless told to allow it.
     */
    default List<String> lockouts() {
        return List.of();
    }

    /** Why the change is in the plan, in words. */
    String reason();

    default Kind kind() {
        return address().kind();
    }

    record CreateRole(String role, List<AttributeChange<RoleAttribute>> attributes) implements Change {
        public CreateRole {
            attributes = List.copyOf(attributes);
        }

        public Address address() {
            return Address.role(role);
        }

        public Action action() {
            return Action.CREATE;
        }

        public Set<Risk> risks() {
            return RoleAttribute.setsPassword(attributes) ? Set.of(Risk.TOUCHES_SECRET) : Set.of();
        }

        public String reason() {
            return "the spec names it and the server does not have it";
        }
    }

    /** {@code lockouts}: how it would stop the agent logging in, when the agent connects as this role. */
    record AlterRole(String role, List<AttributeChange<RoleAttribute>> attributes, Set<Risk> risks,
                     List<String> lockouts) implements Change {
        public AlterRole {
            attributes = List.copyOf(attributes);
            risks = Set.copyOf(risks);
            lockouts = List.copyOf(lockouts);
        }

        /** A change that leaves the agent's own login alone. */
        public AlterRole(String role, List<AttributeChange<RoleAttribute>> attributes, Set<Risk> risks) {
            this(role, attributes, risks, List.of());
        }

        public Address address() {
            return Address.role(role);
        }

        public Action action() {
            return Action.ALTER;
        }

        /** The password's difference is in words that never contain it, e.g. "password: stored as md5". */
        public String reason() {
            String reason = "its attributes differ from the spec" + attributes.stream()
                    .filter(a -> a.attribute() == RoleAttribute.PASSWORD)
                    .map(a -> "; password: " + a.before()).findFirst().orElse("");
            return lockouts.isEmpty() ? reason : reason + "; apply will refuse: " + String.join("; ", lockouts);
        }
    }

    /**
     * Drops a role. When it owns objects or holds privileges, {@code reassignOwnedTo} receives what it owns
     * in every database and its remaining privileges are dropped first.
     */
    record DropRole(String role, String reassignOwnedTo, List<RoleDependency> dependencies)
            implements Change {
        public DropRole {
            dependencies = List.copyOf(dependencies);
        }

        public Address address() {
            return Address.role(role);
        }

        public Action action() {
            return Action.DROP;
        }

        public List<AttributeChange<RoleAttribute>> attributes() {
            return List.of();
        }

        public Set<Risk> risks() {
            return Set.of(Risk.DESTRUCTIVE);
        }

        public String reason() {
            return reassignOwnedTo == null
                    ? "the spec says state: absent"
                    : "the spec says state: absent; what it owns goes to \"" + reassignOwnedTo + "\"";
        }
    }

    /** Grants a membership; a {@code null} option is left to the server's default. */
    record GrantMembership(String role, String member, List<AttributeChange<MembershipOption>> attributes)
            implements Change {
        public GrantMembership {
            attributes = List.copyOf(attributes);
        }

        public Address address() {
            return Address.membership(role, member);
        }

        public Action action() {
            return Action.GRANT;
        }

        public Set<Risk> risks() {
            return Set.of();
        }

        public String reason() {
            return "the spec makes \"" + member + "\" a member of \"" + role + "\"";
        }
    }

    /** Changes grant options; a revoked option is revoked for each grantor that gave it. */
    record AlterMembership(String role, String member, List<AttributeChange<MembershipOption>> attributes,
                           List<String> grantors) implements Change {
        public AlterMembership {
            attributes = List.copyOf(attributes);
            grantors = List.copyOf(grantors);
        }

        public Address address() {
            return Address.membership(role, member);
        }

        public Action action() {
            return Action.ALTER;
        }

        public Set<Risk> risks() {
            return Set.of();
        }

        public String reason() {
            return "its grant options differ from the spec";
        }
    }

    /** Revokes a membership from every grantor that granted it (PostgreSQL 16 keeps one row per grantor). */
    record RevokeMembership(String role, String member, List<String> grantors) implements Change {
        public RevokeMembership {
            grantors = List.copyOf(grantors);
        }

        public Address address() {
            return Address.membership(role, member);
        }

        public Action action() {
            return Action.REVOKE;
        }

        public List<AttributeChange<MembershipOption>> attributes() {
            return List.of();
        }

        public Set<Risk> risks() {
            return Set.of(Risk.MAY_LOCK_OUT);
        }

        public String reason() {
            return "the spec lists the memberships of \"" + member + "\" and this one is not among them";
        }
    }

    record CreateDatabase(String database, List<AttributeChange<DatabaseAttribute>> attributes) implements Change {
        public CreateDatabase {
            attributes = List.copyOf(attributes);
        }

        public Address address() {
            return Address.database(database);
        }

        public Action action() {
            return Action.CREATE;
        }

        public Set<Risk> risks() {
            return Set.of();
        }

        public String reason() {
            return "the spec names it and the server does not have it";
        }
    }

    record AlterDatabase(String database, List<AttributeChange<DatabaseAttribute>> attributes, Set<Risk> risks)
            implements Change {
        public AlterDatabase {
            attributes = List.copyOf(attributes);
            risks = Set.copyOf(risks);
        }

        public Address address() {
            return Address.database(database);
        }

        public Action action() {
            return Action.ALTER;
        }

        public String reason() {
            return "its attributes differ from the spec";
        }
    }

    /** Drops a database; a template database is first made an ordinary one, as PostgreSQL requires. */
    /**
     * {@code invalid}: an interrupted DROP DATABASE left it so (datconnlimit = -2), or one is still under way in a
     * session nobody waits for; this drop finishes it, after waiting for that session if there is one.
     */
    record DropDatabase(String database, boolean isTemplate, boolean invalid, boolean force) implements Change {

        /** An ordinary database's drop. */
        public DropDatabase(String database, boolean isTemplate) {
            this(database, isTemplate, false, false);
        }

        public Address address() {
            return Address.database(database);
        }

        public Action action() {
            return Action.DROP;
        }

        public List<AttributeChange<DatabaseAttribute>> attributes() {
            return List.of();
        }

        public Set<Risk> risks() {
            return Set.of(Risk.DESTRUCTIVE);
        }

        public String reason() {
            String reason = invalid ? "the spec says state: absent, and an interrupted DROP DATABASE left it invalid (or "
                    + "one is still under way): the drop is finished" : "the spec says state: absent";
            return force ? reason + "; force_drop: connected sessions are ended" : reason;
        }
    }

    /**
     * Gives a server parameter the spec's value. {@code value} is the text to write, as the spec has it;
     * {@code items} is its list form for list parameters, each item as the server reads it (unquoted), else empty;
     * {@code itemByItem} says ALTER SYSTEM takes the items as separate literals, the server quoting each one
     * (otherwise the value goes as one literal, which the server splits itself). {@code reset}: the agent's line for
     * the parameter is removed instead (ALTER SYSTEM RESET, or out of its file); {@code value} is then empty. {@code onDisk} means the target already holds the value and only the effect (a reload or restart)
     * is still to happen. The effect comes from the parameter's {@code pg_settings.context}.
     */
    record AlterSetting(String name, List<AttributeChange<SettingAttribute>> attributes, String value,
                        List<String> items, boolean itemByItem, SettingTarget target, boolean onDisk, Effect effect,
                        boolean reset) implements Change {

        private static final Set<String> WHERE_IT_LISTENS = Set.of("port", "listen_addresses", "unix_socket_directories");
        public AlterSetting {
            attributes = List.copyOf(attributes);
            items = List.copyOf(items);
        }

        public Address address() {
            return Address.setting(name);
        }

        public Action action() {
            return Action.ALTER;
        }

        /** Moving where the server listens can leave the agent (or an admin) knocking at the old door. */
        public Set<Risk> risks() {
            Set<Risk> risks = EnumSet.noneOf(Risk.class);
            if (effect == Effect.RESTART) {
                risks.add(Risk.NEEDS_RESTART);
            }
            if (WHERE_IT_LISTENS.contains(name)) {
                risks.add(Risk.MAY_LOCK_OUT);
            }
            return risks;
        }

        /** The server's port after this change, when it changes the port. */
        public OptionalInt newPort() {
            return name.equals("port") && !reset ? OptionalInt.of(Integer.parseInt(value)) : OptionalInt.empty();
        }

        /** Nothing to write: the value is on disk and waits for a restart. */
        public boolean awaitsRestartOnly() {
            return onDisk && effect == Effect.RESTART;
        }

        public String reason() {
            String takesEffect = effect == Effect.RESTART ? "takes effect when the server restarts"
                    : "takes effect when the server reloads its configuration";
            if (reset) {
                return "the spec resets it: its line in " + target.file() + " is removed; " + takesEffect;
            }
            return onDisk ? "already in " + target.file() + "; " + takesEffect
                    : "its value differs from the spec; " + takesEffect;
        }
    }

    /**
     * Rewrites pg_hba.conf from {@code before} to {@code after} (whole texts) and reloads. The attributes are the
     * inserted, removed and moved rules with their line numbers. {@code lockouts} names every connection the new
     * rules would refuse that must keep working; apply refuses such a change unless told to allow it.
     */
    record RewriteHbaFile(Path file, String before, String after, List<AttributeChange<HbaRuleAttribute>> attributes,
                          List<String> lockouts) implements Change {
        public RewriteHbaFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            attributes = List.copyOf(attributes);
            lockouts = List.copyOf(lockouts);
        }

        public Address address() {
            return Address.hba();
        }

        public Action action() {
            return Action.ALTER;
        }

        /** Removing or moving a rule can change who gets in; so can a lockout found when planning. */
        public Set<Risk> risks() {
            boolean reordered = attributes.stream().anyMatch(a -> a.before() != null);
            return reordered || !lockouts.isEmpty() ? EnumSet.of(Risk.MAY_LOCK_OUT) : Set.of();
        }

        @Override
        public Effect effect() {
            return Effect.RELOAD;
        }

        public String reason() {
            String reason = before.equals(after)
                    ? file + " matches the spec but was written after the server last loaded it: it needs a reload"
                    : file + " differs from the spec's rules";
            return lockouts.isEmpty() ? reason : reason + "; apply will refuse: " + String.join("; ", lockouts);
        }
    }

    /**
     * Installs the TLS files that are missing or differ in content, owner, group or mode, before the reload that
     * makes the server read them. The attributes name each file with what is there and what will be; a
     * certificate is shown by its fingerprint and days to expiry, a key never by its content.
     *
     * @param served the fingerprint of the certificate the server must serve once reloaded
     */
    record InstallTlsFiles(List<TlsFile> files, List<AttributeChange<TlsFileAttribute>> attributes,
                           Fingerprint served, String reason) implements Change {
        public InstallTlsFiles {
            files = List.copyOf(files);
            attributes = List.copyOf(attributes);
            Objects.requireNonNull(served, "served");
            Objects.requireNonNull(reason, "reason");
        }

        public Address address() {
            return Address.tls();
        }

        public Action action() {
            return Action.ALTER;
        }

        public Set<Risk> risks() {
            return files.stream().anyMatch(f -> f.role() == TlsFileRole.KEY) ? Set.of(Risk.TOUCHES_SECRET) : Set.of();
        }

        @Override
        public Effect effect() {
            return Effect.RELOAD;
        }
    }
}
