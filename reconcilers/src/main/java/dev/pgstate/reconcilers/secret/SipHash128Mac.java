package dev.pgstate.reconcilers.secret;

import java.util.Arrays;
import org.bouncycastle.crypto.macs.SipHash128;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SipHash-2-4 with a 128-bit tag (BouncyCastle's), a MAC for the agent's large state files: under the launcher's C1
 * alone, where the JDK's SHA-256 runs as plain Java without the CPU's instructions, it hashed 5 MB about six times
 * faster than SHA-256 (15-23 ms against 90-150 ms), and a plan at 10,000 roles reads and hashes about 3.5 MB of spec
 * and kept spec. A keyed pseudorandom function like HMAC: without the key a tag can be neither made nor predicted.
 * Each {@link #mac} runs on a SipHash of its own, so threads may share one object.
 */
public final class SipHash128Mac implements KeyedMac {

    /** Bytes of its key. */
    public static final int KEY_BYTES = 16;

    private final KeyParameter key;

    /** Uses the first {@value #KEY_BYTES} bytes of {@code key} without keeping the array; the caller clears it. */
    public SipHash128Mac(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("SipHash-128 takes a key of " + KEY_BYTES + " bytes");
        }
        this.key = new KeyParameter(Arrays.copyOf(key, KEY_BYTES));
    }

    @Override
    public byte[] mac(byte[] message) {
        SipHash128 sipHash = new SipHash128();
        sipHash.init(key);
        sipHash.update(message, 0, message.length);
        byte[] tag = new byte[sipHash.getMacSize()];
        sipHash.doFinal(tag, 0);
        return tag;
    }
}
