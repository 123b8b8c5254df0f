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
import org.slf4j.LoggerFactory;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL makes them. Each call costs one PBKDF2 of the given iterations: about a
 * millisecond at 4096 once compiled.
 *
 * <p>A password of printable ASCII, which SASLprep leaves as it is, goes through a PBKDF2 of its own choosing by the
 * JIT: with C2 ({@link HmacSha256Blocks}'s on the JDK's SHA-256 block function, which C2 compiles to the CPU's own
 * instructions, or {@link HmacSha256}'s over the JDK's MessageDigest where that function is not open to the agent), or
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

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BITS = 256;
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private Scram() {
    }

    /** A new verifier for {@code secret} with a fresh random salt. */
    public static ScramVerifier verifier(Secret secret, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return ScramVerifier.parse(encode(secret, iterations, salt)).orElseThrow(() ->
                new IllegalStateException("a SCRAM verifier of an unexpected form was made"));
    }

    /** Whether {@code secret} is the password {@code stored} was made from: recomputed with its salt and iterations. */
    public static boolean matches(Secret secret, ScramVerifier stored) {
        String recomputed = encode(secret, stored.iterations(), stored.salt());
        // constant time, so a comparison never hints at how much of a guess was right
        return MessageDigest.isEqual(recomputed.getBytes(StandardCharsets.US_ASCII),
                stored.text().getBytes(StandardCharsets.US_ASCII));
    }

    /** The verifier's text, {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}. */
    static String encode(Secret secret, int iterations, byte[] salt) {
        char[] chars = secret.chars();
        if (chars.length == 0 || !printableAscii(chars)) {
            // it clears chars, and refuses an empty password as before
            return PasswordUtil.encodeScramSha256(chars, iterations, salt);
        }
        return encode(chars, iterations, salt, ThisJvms.PBKDF2);
    }

    /** The two PBKDF2s a password of printable ASCII may go through: the same result, each fastest under one JIT. */
    enum Pbkdf2 {
        /** BouncyCastle's, in plain Java: the faster one when only C1 compiles. */
        BOUNCY_CASTLE {
            @Override
            byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
                PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
                pbkdf2.init(password, salt, iterations); // keeps the array, not a copy
                return ((KeyParameter) pbkdf2.generateDerivedMacParameters(KEY_BITS)).getKey();
            }
        },
        /** {@link HmacSha256}'s over the JDK's SHA-256, which C2 compiles to the CPU's own instructions. */
        JDK_DIGEST {
            @Override
            byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
                HmacSha256 hmac = new HmacSha256(password);
                byte[] salted = hmac.pbkdf2(salt, iterations);
                hmac.clear();
                return salted;
            }
        },
        /** On the JDK's SHA-256 block function, where the JVM opens it to the agent: C2's fastest by half. */
        JDK_BLOCK_FUNCTION {
            @Override
            byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
                return HmacSha256Blocks.pbkdf2(password, salt, iterations);
            }
        };

        abstract byte[] saltedPassword(byte[] password, byte[] salt, int iterations);
    }

    /** {@link #encode} of a password of printable ASCII through {@code pbkdf2}; clears {@code chars}. */
    static String encode(char[] chars, int iterations, byte[] salt, Pbkdf2 pbkdf2) {
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

    /** The fastest PBKDF2 for this JVM's compilers and openings: chosen once, when first needed, and logged. */
    private static final class ThisJvms {
        static final Pbkdf2 PBKDF2 = chosen();

        private static Pbkdf2 chosen() {
            // C1 alone: -XX:TieredStopAtLevel=1 or lower
            boolean c1Only = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("TieredStopAtLevel").getValue().compareTo("4") < 0;
            Pbkdf2 chosen = c1Only ? Pbkdf2.BOUNCY_CASTLE
                    : HmacSha256Blocks.AVAILABLE ? Pbkdf2.JDK_BLOCK_FUNCTION : Pbkdf2.JDK_DIGEST;
            LoggerFactory.getLogger(Scram.class).debug("event=pbkdf2 chosen={} c1_only={}",
                    chosen.name().toLowerCase(Locale.ROOT).replace('_', '-'), c1Only);
            return chosen;
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
