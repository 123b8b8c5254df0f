package dev.pgstate.reconcilers.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The PBKDF2 on the JDK's SHA-256 block function gives the JDK's own PBKDF2 bytes, in the test JVMs (which open the
 * function as the agent's jar does) and falls back to copying digests in a JVM that does not.
 */
class HmacSha256BlocksTest {

    @Test
    void theTestJvmsOpenTheBlockFunctionAsTheAgentsJarDoes() {
        assertThat(HmacSha256Blocks.AVAILABLE).as("run with --add-opens java.base/sun.security.provider=ALL-UNNAMED")
                .isTrue();
    }

    /** RFC 7914, section 11: PBKDF2-HMAC-SHA256 of "passwd" and "salt", one round; the first 32 of its 64 bytes. */
    @Test
    void givesTheRfcsFirstBlock() {
        byte[] derived = HmacSha256Blocks.pbkdf2("passwd".getBytes(StandardCharsets.US_ASCII),
                "salt".getBytes(StandardCharsets.US_ASCII), 1);

        assertThat(HexFormat.of().formatHex(derived))
                .isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }

    @Property(tries = 200)
    void isTheJdksPbkdf2(@ForAll @StringLength(max = 150) @CharRange(from = ' ', to = '~') String password,
                         @ForAll @Size(min = 1, max = 80) byte[] salt, @ForAll @IntRange(min = 1, max = 300) int rounds)
            throws GeneralSecurityException {
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, rounds, 256)).getEncoded();

        byte[] ours = HmacSha256Blocks.pbkdf2(password.getBytes(StandardCharsets.US_ASCII), salt, rounds);

        assertThat(ours).isEqualTo(expected);
        HmacSha256 copying = new HmacSha256(password.getBytes(StandardCharsets.US_ASCII));
        assertThat(copying.pbkdf2(salt, rounds)).as("by digest copies").isEqualTo(expected);
    }

    /** Each derivation runs on a SHA-256 object of its own, so threads never share a state. */
    @Test
    void threadsDeriveEachTheirOwn() throws InterruptedException, ExecutionException {
        byte[] salt = "a salt".getBytes(StandardCharsets.US_ASCII);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> agree = IntStream.range(0, 200).mapToObj(i -> threads.submit(() -> {
                byte[] password = ("password " + i).getBytes(StandardCharsets.US_ASCII);
                return Arrays.equals(HmacSha256Blocks.pbkdf2(password, salt, 64),
                        new HmacSha256(password).pbkdf2(salt, 64));
            })).toList();
            for (Future<Boolean> each : agree) {
                assertThat(each.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Thousands of derivations on two threads in a JVM of its own, tiered as the launcher runs a first plan: C2
     * compiles the rounds around the JDK's SHA-256 intrinsic midway. With the block's words written through a byte
     * array view VarHandle, from the 270th or so on most derivations came out wrong in about one such JVM of six (only
     * on two threads and with the intrinsic: a miscompile), which a few hundred in the test JVM never showed. A run
     * that misses it proves little: Scram's confirmation of every difference is the guard, this a tripwire.
     */
    @Test
    void thousandsOfDerivationsOnTwoThreadsInAFreshJvmAllGiveTheSameBytesAsDigestCopies()
            throws IOException, InterruptedException {
        assertThat(outputOfOwnJvm(List.of("--add-opens", "java.base/sun.security.provider=ALL-UNNAMED"), Stress.class,
                "2000")).isEqualTo("block function: true; 2000 derivations, 0 differ");
    }

    /** Run in a JVM of its own: derivations on two threads, each compared with HmacSha256's digest copies. */
    static final class Stress {
        public static void main(String[] args) throws InterruptedException {
            int derivations = Integer.parseInt(args[0]);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger differ = new java.util.concurrent.atomic.AtomicInteger();
            Runnable derive = () -> {
                for (int i = next.getAndIncrement(); i < derivations; i = next.getAndIncrement()) {
                    byte[] password = ("password " + i).getBytes(StandardCharsets.US_ASCII);
                    byte[] salt = ("salt " + i).getBytes(StandardCharsets.US_ASCII);
                    if (!Arrays.equals(HmacSha256Blocks.pbkdf2(password, salt, 4096),
                            new HmacSha256(password).pbkdf2(salt, 4096))) {
                        differ.incrementAndGet();
                    }
                }
            };
            Thread first = new Thread(derive);
            Thread second = new Thread(derive);
            first.start();
            second.start();
            first.join();
            second.join();
            System.out.println("block function: " + HmacSha256Blocks.AVAILABLE + "; " + derivations + " derivations, "
                    + differ.get() + " differ");
        }
    }

    /** Without the opening (java -cp, not the agent's jar) the agent still makes and checks verifiers. */
    @Test
    void aJvmThatDoesNotOpenTheFunctionCopiesDigestsInstead() throws IOException, InterruptedException {
        assertThat(outputOfOwnJvm(List.of(), Probe.class))
                .isEqualTo("block function: false; own password matches: true; another: false");
    }

    /** What {@code main}, run in a new JVM with {@code options} on this test's class path, printed, stripped. */
    private static String outputOfOwnJvm(List<String> options, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the JVM exited").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Run in a JVM of its own without --add-opens. */
    static final class Probe {
        public static void main(String[] args) {
            Secret secret = Secret.of("correct horse".toCharArray());
            var verifier = Scram.verifier(secret, 4096);
            System.out.println("block function: " + HmacSha256Blocks.AVAILABLE + "; own password matches: "
                    + Scram.matches(secret, verifier) + "; another: "
                    + Scram.matches(Secret.of("correct horsE".toCharArray()), verifier));
        }
    }
}
