package dev.pgstate.reconcilers.secret;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.pgstate.model.spec.ScramVerifier;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL makes them. Each call costs one PBKDF2 of the given iterations: about a
 * millisecond at 4096 once compiled.
 *
 * <p>A password of printable ASCII, which SASLprep leaves as it is, goes through a PBKDF2 of its own choosing by the
 * JIT: with C2 {@link HmacSha256}'s over the JDK's MessageDigest (and, for checks only, {@link HmacSha256Blocks}'s on
 * the JDK's SHA-256 block function where it is open to the agent: both compiled to the CPU's own instructions), or
 * with the C1 compiler alone (the launcher's choice for every command but a first plan or apply, and the daemon's)
 * BouncyCastle's, in plain Java, which C1 runs faster than the JDK's (CPU per PBKDF2 at 4096 iterations, measured:
 * JDK 11.2 ms under C1; BouncyCastle 4.7 ms under C1; HmacSha256 about 0.8-1.0 ms and HmacSha256Blocks 0.6 ms under
 * C2, on one core). Any other password goes
 * through pgjdbc's PasswordUtil, which applies SASLprep first exactly as the server does (a plain PBKDF2 over UTF-8
 * gets passwords such as "Ⅸx" wrong).
 */
public final class Scram {

    /** What PostgreSQL uses for the verifiers it makes itself. */
    static final int SALT_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Scram.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BITS = 256;
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private Scram() {
    }

    /** A new verifier for {@code secret} with a fresh random salt, always through {@link ThisJvms#SURE}. */
    public static ScramVerifier verifier(Secret secret, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return ScramVerifier.parse(encode(secret, iterations, salt, ThisJvms.SURE)).orElseThrow(() ->
                new IllegalStateException("a SCRAM verifier of an unexpected form was made"));
    }

    /** Whether {@code secret} is the password {@code stored} was made from: recomputed with its salt and iterations. */
    public static boolean matches(Secret secret, ScramVerifier stored) {
        return matches(secret, stored, ThisJvms.checking(), ThisJvms.SURE, ThisJvms::distrustTheFastOne);
    }

    /**
     * {@link #matches}, recomputed through {@code fast}; a difference it finds is computed again through {@code sure}
     * before it is believed, and {@code disagreed} is told when {@code sure} finds the password matches after all.
     * The block function's PBKDF2 ({@link HmacSha256Blocks}) is the fast one: a derivation that goes wrong (a JIT
     * miscompiling the rounds, as one did with the block written through a VarHandle) gives bytes no verifier holds,
     * so it can only ever claim a difference, which costs a second PBKDF2 here and never a password set again.
     * Verifiers are made through {@code sure} alone: a wrong one would lock its role out.
     */
    static boolean matches(Secret secret, ScramVerifier stored, Derivation fast, Derivation sure, Runnable disagreed) {
        if (sameText(encode(secret, stored.iterations(), stored.salt(), fast), stored)) {
            return true;
        }
        if (fast == sure) {
            return false;
        }
        boolean matched = sameText(encode(secret, stored.iterations(), stored.salt(), sure), stored);
        if (matched) {
            disagreed.run();
        }
        return matched;
    }

    /** Compared in constant time, so a comparison never hints at how much of a guess was right. */
    private static boolean sameText(String recomputed, ScramVerifier stored) {
        return MessageDigest.isEqual(recomputed.getBytes(StandardCharsets.US_ASCII),
                stored.text().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The verifier's text, {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}: a password of printable
     * ASCII through {@code pbkdf2}, any other through pgjdbc's SASLprep.
     */
    static String encode(Secret secret, int iterations, byte[] salt, Derivation pbkdf2) {
        char[] chars = secret.chars();
        if (chars.length == 0 || !printableAscii(chars)) {
            // it clears chars, and refuses an empty password as before
            return PasswordUtil.encodeScramSha256(chars, iterations, salt);
        }
        return encode(chars, iterations, salt, pbkdf2);
    }

    /** SCRAM's {@code Hi(password, salt, iterations)}: PBKDF2-HMAC-SHA-256, one block. */
    interface Derivation {
        byte[] saltedPassword(byte[] password, byte[] salt, int iterations);
    }

    /** The PBKDF2s a password of printable ASCII may go through: the same result, each fastest under one JIT. */
    enum Pbkdf2 implements Derivation {
        /** BouncyCastle's, in plain Java: the faster one when only C1 compiles. */
        BOUNCY_CASTLE {
            @Override
            public byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
                PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
                pbkdf2.init(password, salt, iterations); // keeps the array, not a copy
                return ((KeyParameter) pbkdf2.generateDerivedMacParameters(KEY_BITS)).getKey();
            }
        },
        /** {@link HmacSha256}'s over the JDK's SHA-256, which C2 compiles to the CPU's own instructions. */
        JDK_DIGEST {
            @Override
            public byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
                HmacSha256 hmac = new HmacSha256(password);
                byte[] salted = hmac.pbkdf2(salt, iterations);
                hmac.clear();
                return salted;
            }
        },
        /** On the JDK's SHA-256 block function, where the JVM opens it to the agent: C2's fastest by half. */
        JDK_BLOCK_FUNCTION {
            @Override
            public byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
                return HmacSha256Blocks.pbkdf2(password, salt, iterations);
            }
        };

    }

    /** {@link #encode} of a password of printable ASCII through {@code pbkdf2}; clears {@code chars}. */
    static String encode(char[] chars, int iterations, byte[] salt, Derivation pbkdf2) {
        byte[] password = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            password[i] = (byte) chars[i];
        }
        Arrays.fill(chars, '\0');
        byte[] saltedPassword = pbkdf2.saltedPassword(password, salt, iterations);
        Arrays.fill(password, (byte) 0);
        HmacSha256 salted = new HmacSha256(saltedPassword);
        Arrays.fill(saltedPassword, (byte) 0);
        byte[] clientKey = salted.mac(CLIENT_KEY);
        byte[] serverKey = salted.mac(SERVER_KEY);
        salted.clear();
        byte[] storedKey = HmacSha256.sha256().digest(clientKey);
        Arrays.fill(clientKey, (byte) 0);
        Base64.Encoder base64 = Base64.getEncoder();
        return ScramVerifier.PREFIX + iterations + ':' + base64.encodeToString(salt) + '$'
                + base64.encodeToString(storedKey) + ':' + base64.encodeToString(serverKey);
    }

    /**
     * The PBKDF2s for this JVM's compilers and openings, chosen once, when first needed, and logged: the sure one
     * makes verifiers (BouncyCastle under C1 alone, else the JDK's digests); checks go through the JDK's SHA-256 block
     * function where it is open, until it once disagrees with the sure one.
     */
    private static final class ThisJvms {
        /** C1 alone: -XX:TieredStopAtLevel=1 or lower. */
        private static final boolean C1_ONLY = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("TieredStopAtLevel").getValue().compareTo("4") < 0;
        static final Pbkdf2 SURE = C1_ONLY ? Pbkdf2.BOUNCY_CASTLE : Pbkdf2.JDK_DIGEST;
        private static volatile Pbkdf2 checking = !C1_ONLY && HmacSha256Blocks.AVAILABLE ? Pbkdf2.JDK_BLOCK_FUNCTION : SURE;

        static {
            LOG.debug("event=pbkdf2 checks={} verifiers={} c1_only={}", name(checking), name(SURE), C1_ONLY);
        }

        static Pbkdf2 checking() {
            return checking;
        }

        static void distrustTheFastOne() {
            if (checking != SURE) {
                checking = SURE;
                LOG.warn("event=pbkdf2_disagreement checks={} problem=\"the JDK's SHA-256 block function gave a password"
                        + " check another outcome than its digests; checks go through the digests from now on\"",
                        name(SURE));
            }
        }

        private static String name(Pbkdf2 pbkdf2) {
            return pbkdf2.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** SASLprep maps and prohibits nothing in U+0020..U+007E, so such a password's UTF-8 bytes are the input. */
    private static boolean printableAscii(char[] chars) {
        for (char c : chars) {
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
