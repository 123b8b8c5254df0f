package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One digest per object a plan was made from, keyed by its address ({@code role.app}, {@code membership.app.idbox},
 * {@code database.appdb}, {@code setting.work_mem}, {@code hba.file}, {@code tls.file.ssl_key_file}), so a saved plan
 * refused as stale can name what moved. Each kind says which of its objects count and what text of each
 * ({@link KindState#digestTexts}): every role and database on the server (a spec's unmanaged policy plans about those
 * it does not name too), the settings the spec and its TLS material manage, pg_hba.conf when the spec manages it, and
 * the TLS files installed. What roles own (pg_shdepend) does not: a table made meanwhile does not move a role, and a
 * plan it does change is caught by planning again.
 *
 * <p>A digest is an HMAC under the state directory's key, never a bare hash: a role's digest covers its stored
 * verifier and a TLS file's its private key, and a plain hash of those beside the role's other, guessable fields
 * would let anyone who reads the plan file test password guesses against it.
 */
final class LiveDigests {

    private LiveDigests() {
    }

    /**
     * @param read what every kind read, the TLS kind's resolved material among it
     * @param mac  the state directory's MAC for saved plans; used here only
     */
    static SortedMap<String, String> of(List<KindState> read, Spec spec, HmacSha256 mac) {
        SortedMap<String, String> texts = new TreeMap<>();
        read.forEach(kind -> kind.digestTexts(spec, read)
                .forEach((address, text) -> texts.put(address.toString(), text)));
        SortedMap<String, String> digests = new TreeMap<>();
        texts.forEach((address, text) -> digests.put(address, digest(mac, address, text)));
        return digests;
    }

    /** HMAC of the address and the text: each address is one line, so no two pairs give the same bytes. */
    private static String digest(HmacSha256 mac, String address, String text) {
        return HexFormat.of().formatHex(mac.start().update((address + "\n").getBytes(StandardCharsets.UTF_8))
                .update(text.getBytes(StandardCharsets.UTF_8)).finish());
    }
}
