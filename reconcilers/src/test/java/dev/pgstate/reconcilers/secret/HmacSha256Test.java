package dev.pgstate.reconcilers.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The agent's HMAC is HMAC-SHA-256 exactly as the JDK's {@link Mac} computes it: the state directory's files and saved
 * plans sealed before it replaced the JDK's stay valid, and so do the remembered password checks' fingerprints.
 */
class HmacSha256Test {

    /** RFC 4231, test case 2: a key shorter than the block. */
    @Test
    void givesTheRfcsMac() {
        HmacSha256 hmac = new HmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII));
        byte[] message = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        assertThat(HexFormat.of().formatHex(hmac.mac(message)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(HexFormat.of().formatHex(hmac.start().update(message).finish())).as("given whole to parts")
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Property(tries = 300)
    void isTheJdksMacForAnyKeyAndAMessageInAnyParts(@ForAll @Size(min = 1, max = 200) byte[] key,
                                                    @ForAll @Size(max = 5) List<@Size(max = 150) byte[]> parts)
            throws GeneralSecurityException {
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        HmacSha256 hmac = new HmacSha256(key);
        HmacSha256.Parts ours = hmac.start();
        for (byte[] part : parts) {
            jdk.update(part);
            if (part.length == 1) {
                ours.update(part[0]);
            } else {
                ours.update(part);
            }
        }
        byte[] expected = jdk.doFinal();

        assertThat(ours.finish()).isEqualTo(expected);
        byte[] whole = parts.stream().reduce(new byte[0], HmacSha256Test::concat);
        assertThat(hmac.mac(whole)).as("the same message at once, after a MAC in parts under the same key")
                .isEqualTo(expected);
    }

    /** One keyed object shared by threads: each MAC started from it is its own, so none sees another's parts. */
    @Test
    void threadsSharingOneKeyedObjectGetEachTheirOwnMac() throws InterruptedException, ExecutionException {
        HmacSha256 shared = new HmacSha256("one key for all".getBytes(StandardCharsets.US_ASCII));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> agree = IntStream.range(0, 400).mapToObj(i -> threads.submit(() -> {
                byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                byte[] inParts = shared.start().update(message).update((byte) i).finish();
                return Arrays.equals(inParts, shared.mac(concat(message, new byte[] {(byte) i})));
            })).toList();
            for (Future<Boolean> each : agree) {
                assertThat(each.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
