package dev.pgstate.reconcilers.secret;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.pgstate.model.spec.ScramVerifier;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.postgresql.util.PasswordUtil;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL makes them. Each call costs one PBKDF2 of the given iterations: a few
 * milliseconds at 4096.
 *
 * <p>Passwords go through pgjdbc's PasswordUtil, which applies SASLprep first exactly as the server does (a plain
 * PBKDF2 over UTF-8 gets passwords such as "Ⅸx" wrong), and the JDK's PBKDF2, whose SHA-256 C2 compiles to the CPU's
 * own instructions. A JVM with the C1 compiler alone (the launcher's choice for every command but a first plan or
 * apply, and the daemon's) runs that about five times slower, so there a password of printable ASCII, which SASLprep
 * leaves as it is, goes through BouncyCastle's PBKDF2 instead: its HMAC keeps the hashed inner and outer key blocks
 * rather than hashing them again in each of the 4096 rounds, half the SHA-256 blocks (CPU per PBKDF2 at 4096
 * iterations, measured: JDK 11.2 ms under C1, 2.2 ms tiered; BouncyCastle 4.7 ms under C1, 3.5 ms tiered).
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
        if (!C1Only.JIT || chars.length == 0 || !printableAscii(chars)) {
            // it clears chars, and refuses an empty password as before
            return PasswordUtil.encodeScramSha256(chars, iterations, salt);
        }
        return bouncyCastle(chars, iterations, salt);
    }

    /** {@link #encode} of a password of printable ASCII by BouncyCastle's PBKDF2; clears {@code chars}. */
    static String bouncyCastle(char[] chars, int iterations, byte[] salt) {
        byte[] password = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            password[i] = (byte) chars[i];
        }
        Arrays.fill(chars, '\0');
        PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
        pbkdf2.init(password, salt, iterations); // keeps the array, not a copy
        byte[] saltedPassword = ((KeyParameter) pbkdf2.generateDerivedMacParameters(KEY_BITS)).getKey();
        Arrays.fill(password, (byte) 0);
        byte[] clientKey = hmac(saltedPassword, CLIENT_KEY);
        byte[] serverKey = hmac(saltedPassword, SERVER_KEY);
        Arrays.fill(saltedPassword, (byte) 0);
        Digest sha256 = new SHA256Digest();
        byte[] storedKey = new byte[sha256.getDigestSize()];
        sha256.update(clientKey, 0, clientKey.length);
        sha256.doFinal(storedKey, 0);
        Base64.Encoder base64 = Base64.getEncoder();
        return ScramVerifier.PREFIX + iterations + ':' + base64.encodeToString(salt) + '$'
                + base64.encodeToString(storedKey) + ':' + base64.encodeToString(serverKey);
    }

    /** Whether this JVM compiles with C1 alone ({@code -XX:TieredStopAtLevel=1} or lower): asked once, when needed. */
    private static final class C1Only {
        static final boolean JIT = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("TieredStopAtLevel").getValue().compareTo("4") < 0;
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

    private static byte[] hmac(byte[] key, byte[] message) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
