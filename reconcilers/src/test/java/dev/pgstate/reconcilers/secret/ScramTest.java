package dev.pgstate.reconcilers.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ScramVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PasswordUtil;

/** Verifiers made with a fresh salt each time, checked by recomputing with the stored salt and iterations. */
class ScramTest {

    @Test
    void aVerifierMatchesItsOwnPasswordOnlyAndKeepsItsIterations() {
        Secret secret = Secret.of("correct horse".toCharArray());

        ScramVerifier verifier = Scram.verifier(secret, 8192);

        assertThat(verifier.text()).startsWith("SCRAM-SHA-256$8192:");
        assertThat(verifier.salt()).hasSize(Scram.SALT_BYTES);
        assertThat(Scram.matches(secret, verifier)).isTrue();
        assertThat(Scram.matches(Secret.of("correct horsE".toCharArray()), verifier)).isFalse();
        assertThat(new String(secret.chars())).as("the secret survives pgjdbc zeroing its input").isEqualTo("correct horse");
    }

    @Test
    void everySetGetsAFreshSalt() {
        Secret secret = Secret.of("same".toCharArray());

        assertThat(Scram.verifier(secret, 4096)).isNotEqualTo(Scram.verifier(secret, 4096));
    }

    @Test
    void saslPrepIsAppliedAsTheServerDoes() {
        // SASLprep maps U+00A0 (no-break space) to a space and drops U+00AD (soft hyphen)
        ScramVerifier verifier = Scram.verifier(Secret.of("p w".toCharArray()), 4096);

        assertThat(Scram.matches(Secret.of("p\u00A0w".toCharArray()), verifier)).isTrue();
        assertThat(Scram.matches(Secret.of("p\u00ADw".toCharArray()), Scram.verifier(Secret.of("pw".toCharArray()), 4096)))
                .isTrue();
    }

    @Test
    void printableAsciiPasswordsGetPgjdbcsVerifierThroughEitherPbkdf2() {
        Random random = new Random(16);
        for (int n = 0; n < 200; n++) {
            char[] password = new char[1 + random.nextInt(100)]; // also longer than a SHA-256 block
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) (0x20 + random.nextInt(0x7F - 0x20)); // every printable ASCII character
            }
            byte[] salt = new byte[1 + random.nextInt(Scram.SALT_BYTES)];
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(50);

            String pgjdbcs = PasswordUtil.encodeScramSha256(password.clone(), iterations, salt);
            for (Scram.Pbkdf2 pbkdf2 : Scram.Pbkdf2.values()) {
                assertThat(Scram.encode(password.clone(), iterations, salt, pbkdf2)).as(pbkdf2 + ": " + new String(password))
                        .isEqualTo(pgjdbcs);
            }
        }
    }

    /** A fast PBKDF2 gone wrong can only claim a difference, which the sure one then overrules and reports. */
    @Test
    void aDifferenceTheFastPbkdf2FindsIsConfirmedByTheSureOneBeforeItIsBelieved() {
        Secret secret = Secret.of("correct horse".toCharArray());
        ScramVerifier verifier = Scram.verifier(secret, 4096);
        Scram.Derivation broken = (password, salt, iterations) -> new byte[32];
        List<String> disagreements = new ArrayList<>();

        assertThat(Scram.matches(secret, verifier, broken, Scram.Pbkdf2.JDK_DIGEST, () -> disagreements.add("x")))
                .as("the right password, overruled").isTrue();
        assertThat(disagreements).hasSize(1);
        assertThat(Scram.matches(Secret.of("correct horsE".toCharArray()), verifier, broken, Scram.Pbkdf2.JDK_DIGEST,
                () -> disagreements.add("y"))).as("a wrong one stays wrong").isFalse();
        assertThat(disagreements).as("no disagreement when both find a difference").hasSize(1);
        assertThat(Scram.matches(secret, verifier, Scram.Pbkdf2.JDK_BLOCK_FUNCTION, Scram.Pbkdf2.JDK_DIGEST,
                () -> disagreements.add("z"))).isTrue();
        assertThat(disagreements).hasSize(1);
    }

    @Test
    void passwordsOutsidePrintableAsciiStillMatchPgjdbc() {
        byte[] salt = {1, 2, 3};
        for (String password : new String[] {"tab\there", "ünïcode", "p\u00A0w", "\u2168x"}) {
            String unescaped = password.translateEscapes();

            assertThat(Scram.encode(Secret.of(unescaped.toCharArray()), 4096, salt, Scram.Pbkdf2.JDK_DIGEST)).as(password)
                    .isEqualTo(PasswordUtil.encodeScramSha256(unescaped.toCharArray(), 4096, salt));
        }
    }
}
