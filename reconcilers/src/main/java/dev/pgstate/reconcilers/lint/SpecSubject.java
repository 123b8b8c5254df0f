package dev.pgstate.reconcilers.lint;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SourceMap;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.ValidUntil;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.kind.hba.OwnedRule;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import dev.pgstate.reconcilers.kind.hba.SpecRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A spec as the rules see it, without a server: its pg_hba.conf rules read with the newest grammar, the parameters
 * it sets (the tls section turns ssl on and, without a CA bundle, leaves ssl_ca_file empty), and its roles. The
 * bootstrap superuser is taken to be {@code postgres}, as initdb names it on every packaged install.
 */
final class SpecSubject {

    static final String BOOTSTRAP_SUPERUSER = "postgres";
    private static final int NEWEST_MAJOR = 18;

    private SpecSubject() {
    }

    static Subject of(LoadedSpec loaded, Instant now) {
        return of(loaded, Map.of(), now);
    }

    /**
     * The spec on a given server: a parameter the spec leaves alone keeps the server's value ({@code ssl = off}
     * makes the spec's hostssl rules unmatchable there).
     */
    static Subject of(LoadedSpec loaded, Map<String, Subject.Setting> server, Instant now) {
        Spec spec = loaded.spec();
        SourceMap source = loaded.source();
        Map<String, Subject.Setting> settings = settings(spec, source);
        server.forEach(settings::putIfAbsent);
        boolean sslOff = Optional.ofNullable(settings.get("ssl")).map(s -> HbaRuleChecks.isOff(s.value())).orElse(false);
        HbaGrammar grammar = new HbaGrammar(NEWEST_MAJOR, Set.of(), !sslOff);
        return new Subject(hbaRules(spec.hba(), grammar, source),
                spec.hba() != null && HbaSpec.WHOLE_FILE.equals(spec.hba().ownership()), grammar, settings,
                roles(spec, source), memberships(spec), BOOTSTRAP_SUPERUSER, Optional.empty(), Optional.empty(),
                Optional.empty(), now);
    }

    static Location at(SourceMap source, String field) {
        return Location.inSpec(source, field);
    }

    /** Each rule read on its own, so one the newest grammar refuses (validation and plan report it) hides no other. */
    private static List<Subject.HbaEntryAt> hbaRules(HbaSpec hba, HbaGrammar grammar, SourceMap source) {
        if (hba == null) {
            return List.of();
        }
        HbaFileParser parser = new HbaFileParser(grammar, ConfFiles.disk());
        List<Subject.HbaEntryAt> rules = new ArrayList<>();
        for (int i = 0; i < hba.rules().size(); i++) {
            HbaRuleSpec rule = hba.rules().get(i);
            String field = "hba.rules[" + i + "]";
            for (OwnedRule owned : SpecRules.parse(List.of(rule), parser, Path.of(source.file())).rules()) {
                rules.add(new Subject.HbaEntryAt(owned.rule(), at(source, field), true));
            }
        }
        return rules;
    }

    private static Map<String, Subject.Setting> settings(Spec spec, SourceMap source) {
        Map<String, Subject.Setting> settings = new HashMap<>();
        for (ServerSpec.DesiredSetting setting : spec.server().desired()) {
            settings.put(setting.name().toLowerCase(Locale.ROOT),
                    new Subject.Setting(setting.value(), at(source, setting.field())));
        }
        if (spec.tls() != null) {
            settings.putIfAbsent("ssl", new Subject.Setting("on", at(source, "tls")));
            settings.putIfAbsent("ssl_ca_file", new Subject.Setting(
                    spec.tls().caBundle() == null ? "" : "(tls.ca_bundle)", at(source, "tls")));
        }
        return settings;
    }

    private static List<Subject.SubjectRole> roles(Spec spec, SourceMap source) {
        List<Subject.SubjectRole> roles = new ArrayList<>();
        for (int i = 0; i < spec.roles().size(); i++) {
            RoleSpec role = spec.roles().get(i);
            if (role.state() == State.ABSENT) {
                continue;
            }
            Subject.Credential credential = role.password() == null ? Subject.Credential.UNKNOWN
                    : role.password() instanceof PasswordSource.None ? Subject.Credential.NONE
                    : Subject.Credential.SCRAM;
            roles.add(new Subject.SubjectRole(role.name(), role.superuser(), role.login(), credential,
                    role.validUntil() == null ? Optional.empty() : ValidUntil.parse(role.validUntil()),
                    at(source, "roles[" + i + "]")));
        }
        return roles;
    }

    private static RoleGraph memberships(Spec spec) {
        Set<String> roles = new HashSet<>();
        Map<String, Set<String>> groupsOf = new HashMap<>();
        for (RoleSpec role : spec.roles()) {
            roles.add(role.name());
            for (MembershipSpec membership : role.memberOf() == null ? List.<MembershipSpec>of() : role.memberOf()) {
                roles.add(membership.role());
                groupsOf.computeIfAbsent(role.name(), name -> new HashSet<>()).add(membership.role());
            }
        }
        return new RoleGraph(roles, groupsOf);
    }
}
