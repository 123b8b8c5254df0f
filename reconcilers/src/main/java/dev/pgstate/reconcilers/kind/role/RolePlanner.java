package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.ValidUntil;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AgentLogin;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Plans role creation, attribute changes (passwords among them) and drops; lists roles the spec does not name as
 * unmanaged. Passwords the agent cannot read are reported once for all roles, and never changed blindly.
 */
public final class RolePlanner {

    private final Spec spec;
    private final ServerInfo server;
    private final LiveRoles live;
    private final Findings out;
    private final PasswordComparison passwords;
    private final Predicate<String> existsAfterPlan;
    private final List<String> uncheckedPasswords = new ArrayList<>();
    /** Roles to alter whose passwords are still being checked: planned once every other kind has planned. */
    private final List<RoleSpec> stillChecking = new ArrayList<>();

    private final AgentLogin agent;
    private final Instant now;

    /**
     * @param passwords the spec's passwords, already checked against the stored verifiers
     * @param agent how the agent logs in, so that a change that would stop it is found
     */
    public RolePlanner(Spec spec, ServerInfo server, LiveRoles live, PasswordComparison passwords, AgentLogin agent,
                       Instant now, Findings out) {
        this.spec = spec;
        this.server = server;
        this.live = live;
        this.out = out;
        this.passwords = passwords;
        this.existsAfterPlan = live.existingAfter(spec);
        this.agent = agent;
        this.now = now;
    }

    public void plan() {
        Set<String> named = spec.roles().stream().map(RoleSpec::name).collect(Collectors.toSet());
        for (RoleSpec role : spec.roles()) {
            LiveRole existing = live.byName().get(role.name());
            if (role.state() == State.ABSENT) {
                if (existing != null) {
                    planDrop(role, existing);
                }
            } else if (existing == null) {
                out.changes.add(new CreateRole(role.name(), createdAttributes(role)));
            } else if (passwords.stillChecking(role.name())) {
                stillChecking.add(role);
            } else {
                planAlter(role, existing);
            }
        }
        if (!stillChecking.isEmpty()) {
            // while their checks run: no other kind reads what an existing role's attributes become
            out.afterEveryKind.add(() -> stillChecking.forEach(role -> planAlter(role, live.byName().get(role.name()))));
        }
        reportUncheckedPasswords();
        live.byName().values().stream()
                .filter(r -> !r.isSystem() && !named.contains(r.name()))
                .map(r -> RoleKind.address(r.name()))
                .forEach(out.unmanaged::add);
    }

    private List<AttributeChange<RoleAttribute>> createdAttributes(RoleSpec role) {
        List<AttributeChange<RoleAttribute>> attributes = new ArrayList<>();
        for (RoleAttribute attribute : RoleAttribute.values()) {
            Object desired = attribute.desired(role);
            if (desired != null) {
                attributes.add(AttributeChange.created(attribute, desired));
            }
        }
        // a new role has no password, so "none" needs no clause
        desiredPassword(role).filter(password -> !(password instanceof DesiredPassword.None))
                .ifPresent(password -> attributes.add(AttributeChange.created(RoleAttribute.PASSWORD, password)));
        return attributes;
    }

    /** The password the spec wants, read from its source; empty when the spec does not manage it. */
    private Optional<DesiredPassword> desiredPassword(RoleSpec role) {
        if (role.password() == null) {
            return Optional.empty();
        }
        return Optional.of(passwords.desired(role.name()).orElseThrow(() -> new IllegalArgumentException(
                "the password of role \"" + role.name() + "\" was not resolved; plan with the resolved passwords")));
    }

    private void planPassword(RoleSpec role, LiveRole existing, List<AttributeChange<RoleAttribute>> attributes) {
        Optional<DesiredPassword> desired = desiredPassword(role);
        if (desired.isEmpty()) {
            return;
        }
        if (existing.password().form() == StoredPassword.Form.UNREADABLE) {
            uncheckedPasswords.add(role.name());
            return;
        }
        passwords.difference(role.name(), desired.get(), existing.password()).ifPresent(difference ->
                attributes.add(new AttributeChange<>(RoleAttribute.PASSWORD, difference, desired.get())));
    }

    /** Once per plan, however many roles: without pg_authid the agent can neither compare nor safely re-set. */
    private void reportUncheckedPasswords() {
        if (uncheckedPasswords.isEmpty()) {
            return;
        }
        uncheckedPasswords.sort(null);
        out.manualActions.add(new ManualAction(RoleKind.address(uncheckedPasswords.get(0)), "password",
                "checked against the spec", "unreadable",
                "the agent's role cannot read pg_authid (superusers only), so the passwords of "
                        + uncheckedPasswords.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", "))
                        + " are neither checked nor changed; run the agent as a superuser to manage them"));
    }

    private void planAlter(RoleSpec role, LiveRole existing) {
        List<AttributeChange<RoleAttribute>> attributes = new ArrayList<>();
        for (RoleAttribute attribute : RoleAttribute.values()) {
            Object desired = attribute.desired(role);
            Object observed = attribute.observed(existing);
            if (desired != null && !desired.equals(observed)) {
                attributes.add(new AttributeChange<>(attribute, observed, desired));
            }
        }
        planPassword(role, existing, attributes);
        if (isBootstrapSuperuser(role.name())) {
            keepBootstrapAccess(role.name(), attributes);
        }
        if (attributes.isEmpty()) {
            return;
        }
        List<String> lockouts = agentLockouts(role.name(), existing, attributes);
        out.changes.add(new AlterRole(role.name(), attributes, risks(role.name(), attributes, lockouts),
                lockouts));
    }

    /** Takes out of {@code attributes} what would lock the bootstrap superuser out, each a manual action. */
    private void keepBootstrapAccess(String role, List<AttributeChange<RoleAttribute>> attributes) {
        attributes.removeIf(a -> {
            boolean losesAccess = switch (a.attribute()) {
                case SUPERUSER, LOGIN -> Boolean.FALSE.equals(a.after());
                case CONNECTION_LIMIT -> Integer.valueOf(0).equals(a.after());
                default -> false;
            };
            if (losesAccess) {
                out.manualActions.add(new ManualAction(RoleKind.address(role), a.name(), a.after(), a.before(),
                        "the bootstrap superuser keeps SUPERUSER, LOGIN and its connections; the agent will not take "
                                + "them away"));
            }
            return losesAccess;
        });
    }

    private Set<Risk> risks(String role, List<AttributeChange<RoleAttribute>> attributes, List<String> lockouts) {
        Set<Risk> risks = EnumSet.noneOf(Risk.class);
        // removing a password, or letting it expire, ends password logins; peer and certificate logins stay
        boolean endsPasswordLogins = attributes.stream().anyMatch(a -> a.after() instanceof DesiredPassword.None
                || a.attribute() == RoleAttribute.VALID_UNTIL && expired(a.after()));
        if (losesAccess(attributes, role) || endsPasswordLogins || !lockouts.isEmpty()) {
            risks.add(Risk.MAY_LOCK_OUT);
        }
        if (RoleAttribute.setsPassword(attributes)) {
            risks.add(Risk.TOUCHES_SECRET);
        }
        return risks;
    }

    /** Login taken away or capped at zero, or the agent's own user losing superuser. */
    private boolean losesAccess(List<AttributeChange<RoleAttribute>> attributes, String role) {
        boolean isAgent = role.equals(server.currentUser());
        return attributes.stream().anyMatch(a -> switch (a.attribute()) {
            case LOGIN -> Boolean.FALSE.equals(a.after());
            case CONNECTION_LIMIT -> Integer.valueOf(0).equals(a.after());
            case SUPERUSER -> isAgent && Boolean.FALSE.equals(a.after());
            default -> false;
        });
    }

    /**
     * How the change would stop the agent logging in again, when it connects as this role: LOGIN taken away, no
     * connection left (superusers are not counted against a limit), and for a password login the password removed,
     * changed to another, or expired (an expiry only ever applies to the password).
     */
    private List<String> agentLockouts(String role, LiveRole existing, List<AttributeChange<RoleAttribute>> attributes) {
        if (!role.equals(server.currentUser())) {
            return List.of();
        }
        boolean superuserAfter = attributes.stream().filter(a -> a.attribute() == RoleAttribute.SUPERUSER)
                .map(a -> Boolean.TRUE.equals(a.after())).findFirst().orElse(existing.superuser());
        List<String> lockouts = new ArrayList<>();
        for (AttributeChange<RoleAttribute> change : attributes) {
            Object after = change.after();
            if (change.attribute() == RoleAttribute.LOGIN && Boolean.FALSE.equals(after)) {
                lockouts.add("login: false takes away the LOGIN it connects with");
            } else if (change.attribute() == RoleAttribute.CONNECTION_LIMIT && Integer.valueOf(0).equals(after)
                    && !superuserAfter) {
                lockouts.add("connection_limit: 0 leaves it no connection");
            } else if (change.attribute() == RoleAttribute.VALID_UNTIL && agent.usesPassword() && expired(after)) {
                lockouts.add("valid_until: " + after + " is past, so the password it logs in with stops working");
            } else if (after instanceof DesiredPassword desired && agent.usesPassword()
                    && !agent.keepsWorkingWith(desired)) {
                lockouts.add(desired instanceof DesiredPassword.None ? "password: none removes the password it logs "
                        + "in with" : "the spec's password is not the one it logs in with (PGPASSWORD)");
            }
        }
        return lockouts.stream().map(lockout -> "role \"" + role + "\" is the one the agent connects as: " + lockout
                + "; the agent would be locked out").toList();
    }

    private boolean expired(Object validUntil) {
        return validUntil instanceof String text && ValidUntil.parse(text).map(expiry -> !expiry.isAfter(now))
                .orElse(false);
    }

    private boolean isBootstrapSuperuser(String role) {
        return role.equals(server.bootstrapSuperuser());
    }

    private void planDrop(RoleSpec role, LiveRole existing) {
        Address address = RoleKind.address(role.name());
        if (existing.isSystem() || isBootstrapSuperuser(role.name())) {
            out.manualActions.add(new ManualAction(address, "state", "absent", "present",
                    "predefined roles and the bootstrap superuser are never dropped"));
            return;
        }
        if (role.name().equals(server.currentUser())) {
            out.manualActions.add(new ManualAction(address, "state", "absent", "present",
                    "the agent connects as this role and cannot drop itself"));
            return;
        }
        String heir = role.reassignOwnedTo();
        if (heir != null && !existsAfterPlan.test(heir)) {
            out.problems.add(address + ": reassign_owned_to names role \"" + heir
                    + "\", which is neither in the spec nor on the server");
            return;
        }
        List<RoleDependency> dependencies = live.dependenciesOf(role.name());
        if (!dependencies.isEmpty() && heir == null) {
            out.manualActions.add(new ManualAction(address, "state", "absent", "present",
                    "it is still " + dependencies.stream().map(RoleDependency::describe)
                            .collect(Collectors.joining("; "))
                    + "; name a reassign_owned_to role to hand them over and drop it"));
            return;
        }
        out.changes.add(new DropRole(role.name(), heir, dependencies));
    }
}
