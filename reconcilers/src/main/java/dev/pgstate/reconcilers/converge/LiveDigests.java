package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.membership.MembershipKind;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.kind.setting.FileSetting;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.SettingKind;
import dev.pgstate.reconcilers.kind.tls.TlsFileState;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.crypto.Mac;

/**
 * One digest per object a plan was made from, keyed by its address ({@code role.app}, {@code membership.app.idbox},
 * {@code database.appdb}, {@code setting.work_mem}, {@code hba.file}, {@code tls.file.ssl_key_file}), so a saved plan
 * refused as stale can name what moved. Every role and database on the server counts (a spec's unmanaged policy
 * plans about those it does not name too), the settings the spec and its TLS material manage, pg_hba.conf when the
 * spec manages it, and the TLS files installed. What roles own (pg_shdepend) does not: a table made meanwhile does
 * not move a role, and a plan it does change is caught by planning again.
 *
 * <p>A digest is an HMAC under the state directory's key, never a bare hash: a role's digest covers its stored
 * verifier and a TLS file's its private key, and a plain hash of those beside the role's other, guessable fields
 * would let anyone who reads the plan file test password guesses against it.
 */
final class LiveDigests {

    private LiveDigests() {
    }

    /** @param mac the state directory's MAC for saved plans; used here only */
    static SortedMap<String, String> of(PlanBasis basis, Spec spec, Mac mac) {
        SortedMap<String, String> texts = new TreeMap<>();
        LiveState live = basis.live();
        live.roles().byName().values().forEach(role -> texts.put(RoleKind.address(role.name()).toString(), role(role)));
        live.memberships().all().stream()
                .collect(Collectors.groupingBy(m -> MembershipKind.address(m.role(), m.member()).toString(),
                        Collectors.mapping(LiveMembership::toString, Collectors.toCollection(TreeSet::new))))
                .forEach((address, rows) -> texts.put(address, String.join("\n", rows)));
        live.databases().values().forEach(database ->
                texts.put(DatabaseKind.address(database.name()).toString(), database.toString()));
        managedSettings(spec, basis).forEach(name -> texts.put(SettingKind.address(name).toString(),
                setting(live.settings(), name)));
        live.hba().ifPresent(hba -> texts.put("hba.file", hba.file() + "\n" + hba.text()));
        basis.tls().files().forEach(file -> texts.put("tls.file." + file.desired().role().parameter(), tlsFile(file)));
        SortedMap<String, String> digests = new TreeMap<>();
        texts.forEach((address, text) -> digests.put(address, digest(mac, address, text)));
        return digests;
    }

    /** The role's attributes and oid (a role dropped and made again is another role), and its stored password. */
    private static String role(LiveRole role) {
        return role + "\n" + role.password().form() + "\n" + role.password().scram().map(v -> v.text()).orElse("");
    }

    private static SortedSet<String> managedSettings(Spec spec, PlanBasis basis) {
        ServerSpec server = spec.server();
        SortedSet<String> names = new TreeSet<>();
        server.desired().forEach(setting -> names.add(setting.name().toLowerCase(Locale.ROOT)));
        server.reset().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        basis.tls().settings().keySet().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        return names;
    }

    /**
     * The server's value, the lines on disk and the roles' and databases' own values; a line's place among all lines
     * ({@code seqno}) is left out, as a line added for another parameter shifts it.
     */
    private static String setting(LiveSettings settings, String name) {
        StringBuilder text = new StringBuilder(settings.parameter(name).map(Object::toString).orElse("absent"));
        settings.fileLines().stream().filter(line -> name.equalsIgnoreCase(line.name()))
                .map(LiveDigests::line).sorted().forEach(line -> text.append('\n').append(line));
        settings.overridesOf(name).stream().map(Object::toString).sorted()
                .forEach(override -> text.append('\n').append(override));
        return text.toString();
    }

    private static String line(FileSetting line) {
        return line.sourcefile() + ":" + line.sourceline() + " " + line.name() + " = " + line.setting()
                + " applied " + line.applied() + " error " + line.error();
    }

    private static String tlsFile(TlsFileState file) {
        return file.desired().path() + "\n" + file.installed()
                .map(installed -> installed.owner() + ":" + installed.group() + " " + installed.mode() + "\n"
                        + installed.content())
                .orElse("absent");
    }

    /** HMAC of the address and the text: each address is one line, so no two pairs give the same bytes. */
    private static String digest(Mac mac, String address, String text) {
        mac.update((address + "\n").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
