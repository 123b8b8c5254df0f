package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.secret.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Runs the planner's password checks, the one costly step of planning (a PBKDF2 each, about 2.5 ms at 4096
 * iterations), spread over every core, and remembers their outcomes until the next plan: a daemon re-planning a
 * converged server every minute pays for a check only when the secret or the stored verifier changed since.
 *
 * <p>What it remembers stays in this process's memory and is useless outside it: an HMAC-SHA-256 of the stored
 * verifier and the plaintext under a random key made when the object is, mapped to the outcome. No plaintext, no
 * verifier and no key is kept anywhere else, written anywhere or shown by any {@code toString}. A different secret
 * or a re-set verifier (new salt) gives a different fingerprint, so it is checked afresh. Only the outcomes of the
 * latest plan are kept, so the memory never outgrows the spec and forgets roles that left it.
 */
public final class PasswordVerdicts {

    /** One check the plan needs: does {@code plaintext} make {@code stored}? */
    record Pending(String role, Secret plaintext, ScramVerifier stored) {
    }

    /** Whether the checks of one plan run one after another or over every core; both give the same outcomes. */
    public enum Spread { SEQUENTIAL, ALL_CORES }

    private static final String MAC_ALGORITHM = "HmacSHA256";

    private final PasswordCheck check;
    private final Spread spread;
    private final SecretKeySpec key;
    private Map<ByteBuffer, Boolean> remembered = new HashMap<>();

    public PasswordVerdicts(PasswordCheck check, Spread spread) {
        this.check = check;
        this.spread = spread;
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        this.key = new SecretKeySpec(keyBytes, MAC_ALGORITHM);
        Arrays.fill(keyBytes, (byte) 0); // SecretKeySpec keeps its own copy
    }

    /**
     * The outcome of every pending check by role: remembered ones from the previous plan, the others computed.
     * Synchronized so that two plans sharing one planner never interleave their memories.
     */
    synchronized Map<String, Boolean> matches(List<Pending> pending) {
        Map<ByteBuffer, Boolean> known = remembered;
        Map<String, ByteBuffer> fingerprints = pending.stream()
                .collect(Collectors.toMap(Pending::role, p -> fingerprint(p.plaintext(), p.stored())));
        Stream<Pending> unknown = pending.stream().filter(p -> !known.containsKey(fingerprints.get(p.role())));
        Map<String, Boolean> computed = (spread == Spread.ALL_CORES ? unknown.parallel() : unknown)
                .collect(Collectors.toMap(Pending::role, p -> check.matches(p.plaintext(), p.stored())));
        Map<String, Boolean> outcomes = new HashMap<>();
        Map<ByteBuffer, Boolean> next = new HashMap<>();
        for (Pending p : pending) {
            ByteBuffer fingerprint = fingerprints.get(p.role());
            boolean matched = computed.containsKey(p.role()) ? computed.get(p.role()) : known.get(fingerprint);
            outcomes.put(p.role(), matched);
            next.put(fingerprint, matched);
        }
        remembered = next;
        return outcomes;
    }

    /**
     * Remembers that {@code verifier} was made from {@code plaintext}, as the applier knows of each verifier it
     * sends: the plan that checks its work after an apply then costs no PBKDF2 for them.
     */
    public synchronized void rememberMatch(Secret plaintext, ScramVerifier verifier) {
        remembered.put(fingerprint(plaintext, verifier), true);
    }

    /** HMAC over the verifier (ASCII, never a zero byte), a zero byte, and the plaintext's UTF-16 code units. */
    private ByteBuffer fingerprint(Secret plaintext, ScramVerifier stored) {
        char[] chars = plaintext.chars();
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM); // per call: a Mac is not thread-safe, and this is cheap
            mac.init(key);
            mac.update(stored.text().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            for (char c : chars) {
                mac.update((byte) (c >>> 8));
                mac.update((byte) c);
            }
            return ByteBuffer.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + MAC_ALGORITHM, e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
