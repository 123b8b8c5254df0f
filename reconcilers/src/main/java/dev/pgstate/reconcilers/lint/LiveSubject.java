package dev.pgstate.reconcilers.lint;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.kind.hba.HbaLayout;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import dev.pgstate.reconcilers.kind.database.LiveDatabases;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.role.RoleState;
import dev.pgstate.reconcilers.converge.LiveState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A live server as the rules see it: every rule of its pg_hba.conf (includes followed) at its file and line, marked
 * managed when it sits inside the agent's block; the parameters as pg_settings reports them, at the file and line
 * that set them; its roles with their stored verifiers; and the spec's superusers as the allowed set.
 */
final class LiveSubject {

    private LiveSubject() {
    }

    static Subject of(Spec spec, LiveState live, LiveHba hba, Map<String, Subject.Setting> settings, Instant now) {
        HbaFileParser parser = new HbaFileParser(hba.grammar(), ConfFiles.disk());
        HbaFile main = parser.parse(hba.file(), hba.text());
        boolean wholeFile = spec.hba() != null && HbaSpec.WHOLE_FILE.equals(spec.hba().ownership());
        Optional<int[]> block = wholeFile ? Optional.empty() : managedBlock(main);
        List<Subject.HbaEntryAt> rules = new ArrayList<>();
        for (HbaTree.Located located : HbaTree.load(parser, main).lines()) {
            HbaRule rule = ruleOf(located.entry());
            if (rule == null) {
                continue;
            }
            int number = located.line().number();
            boolean managed = block.map(range -> located.file().equals(hba.file())
                    && number > range[0] && number < range[1]).orElse(true);
            rules.add(new Subject.HbaEntryAt(rule, Location.inFile(located.file(), number), managed));
        }
        Set<String> allowed = spec.roles().stream()
                .filter(role -> role.state() == State.PRESENT && Boolean.TRUE.equals(role.superuser()))
                .map(RoleSpec::name).collect(Collectors.toSet());
        LiveRoles roles = RoleState.liveIn(live.kinds());
        return new Subject(rules, true, hba.grammar(), settings, roles(roles),
                RoleGraph.of(roles, MembershipState.liveIn(live.kinds())), live.server().bootstrapSuperuser(),
                Optional.of(allowed), Optional.of(roles.byName().keySet()),
                Optional.of(LiveDatabases.byNameIn(live.kinds()).keySet()), now);
    }

    /** A rule the server loads, with a warning too (hostssl while ssl is off). */
    private static HbaRule ruleOf(HbaEntry entry) {
        if (entry instanceof HbaRule rule) {
            return rule;
        }
        return entry instanceof HbaEntry.Invalid invalid && !invalid.fatal() ? invalid.rule() : null;
    }

    /** The line numbers of the agent's begin and end markers; empty when the file has no block of its own. */
    private static Optional<int[]> managedBlock(HbaFile file) {
        Integer begin = null;
        for (HbaLine line : file.lines()) {
            String text = line.raw().strip();
            if (text.startsWith(HbaLayout.BEGIN_PREFIX)) {
                begin = line.number();
            } else if (text.equals(HbaLayout.END) && begin != null) {
                return Optional.of(new int[] {begin, line.number()});
            }
        }
        return Optional.empty();
    }

    private static List<Subject.SubjectRole> roles(LiveRoles live) {
        return live.byName().values().stream()
                .filter(role -> !role.name().startsWith("pg_"))
                .sorted(java.util.Comparator.comparing(LiveRole::name))
                .map(role -> new Subject.SubjectRole(role.name(), role.superuser(), role.login(), credential(role),
                        role.validUntil(), Location.ofObject("role." + role.name())))
                .toList();
    }

    private static Subject.Credential credential(LiveRole role) {
        return switch (role.password().form()) {
            case UNREADABLE -> Subject.Credential.UNKNOWN;
            case NONE -> Subject.Credential.NONE;
            case SCRAM -> Subject.Credential.SCRAM;
            case MD5 -> Subject.Credential.MD5;
            case UNRECOGNIZED -> Subject.Credential.OTHER;
        };
    }

    /** Where a live parameter was set: its file and line, or the parameter itself when it has its default. */
    static Location settingLocation(String name, String sourceFile, int sourceLine) {
        return sourceFile == null ? Location.ofObject("setting." + name)
                : new Location(Path.of(sourceFile).toString(), sourceLine, "setting." + name);
    }
}
