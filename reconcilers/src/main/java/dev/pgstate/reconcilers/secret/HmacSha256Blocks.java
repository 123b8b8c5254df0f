package dev.pgstate.reconcilers.secret;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA-256 on the JDK's own SHA-256 block function, called on a state of eight words the rounds keep:
 * each of PBKDF2's rounds is then two blocks and a few word copies. Through {@link java.security.MessageDigest} (as
 * {@link HmacSha256#pbkdf2}) each round also copies two digest objects and finishes each (padding, reset, a new
 * array), which costs as much again as the blocks: a cold plan's 1,000 checks took 0.77-0.96 s that way and
 * 0.43-0.53 s this way (PostgreSQL 16, two cores). C2 compiles the call into the CPU's SHA instructions, as it does
 * inside MessageDigest.
 *
 * <p>The block function is not public API: the agent's jar opens its package to the agent (Add-Opens in the
 * manifest; the tests' JVMs are given the same option). Where it is not open, or this Java runtime's SHA-256 is built
 * otherwise, or it fails a known answer, {@link #AVAILABLE} is false and the agent copies digests instead. Calling an
 * intrinsic the JDK calls only from its own digests is ground the JIT is less proven on (one way of writing the block
 * was miscompiled), so it only checks passwords, each difference it finds confirmed through the digests
 * ({@link Scram#matches}); verifiers are never made with it.
 */
final class HmacSha256Blocks {

    /** Whether this JVM lets the agent call its SHA-256 block function, and it computes SHA-256. */
    static final boolean AVAILABLE;

    private static final int WORDS = 8;
    /** SHA-256's initial state (FIPS 180-4, 5.3.3). */
    private static final int[] INITIAL = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
            0x1f83d9ab, 0x5be0cd19};
    /** A new SHA-256 object of the JDK's provider: {@code () -> Object}. */
    private static final MethodHandle NEW_SHA256;
    /** Its block function, which runs one block through its state: {@code (Object, byte[], int) -> void}. */
    private static final MethodHandle COMPRESS;
    /** Its state, eight words: {@code Object -> int[]}. */
    private static final VarHandle STATE;

    static {
        MethodHandle newSha256 = null;
        MethodHandle compress = null;
        VarHandle state = null;
        try {
            Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
            MethodHandles.Lookup inside = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup());
            newSha256 = inside.findConstructor(Class.forName("sun.security.provider.SHA2$SHA256"),
                    MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            compress = inside.findVirtual(sha2, "implCompress", MethodType.methodType(void.class, byte[].class, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class));
            state = inside.findVarHandle(sha2, "state", int[].class);
        } catch (ReflectiveOperationException | RuntimeException notOpenOrNotThere) {
            newSha256 = null;
        }
        NEW_SHA256 = newSha256;
        COMPRESS = compress;
        STATE = state;
        AVAILABLE = newSha256 != null && givesTheKnownAnswer();
    }

    private HmacSha256Blocks() {
    }

    /** SCRAM's {@code Hi(password, salt, iterations)}, the same bytes as {@link HmacSha256#pbkdf2}. */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        HmacSha256 hmac = new HmacSha256(password);
        byte[] u = hmac.firstRound(salt);
        hmac.clear();
        Object sha256 = newSha256();
        int[] state = (int[]) STATE.get(sha256);
        int[] innerKey = keyedState(sha256, state, password, HmacSha256.INNER_PAD);
        int[] outerKey = keyedState(sha256, state, password, HmacSha256.OUTER_PAD);
        // every later round's message is the previous round's 32 bytes, after the key's block: one block, padded
        byte[] block = new byte[HmacSha256.BLOCK];
        System.arraycopy(u, 0, block, 0, HmacSha256.LENGTH);
        block[HmacSha256.LENGTH] = (byte) 0x80;
        block[HmacSha256.BLOCK - 2] = 0x03; // the length in bits, (64 + 32) * 8 = 0x300, in the last bytes
        int[] sum = new int[WORDS];
        for (int w = 0; w < WORDS; w++) {
            sum[w] = (u[w * 4] & 0xff) << 24 | (u[w * 4 + 1] & 0xff) << 16 | (u[w * 4 + 2] & 0xff) << 8
                    | u[w * 4 + 3] & 0xff;
        }
        for (int i = 1; i < iterations; i++) {
            round(sha256, state, innerKey, outerKey, block, sum);
        }
        for (int w = 0; w < WORDS; w++) {
            putWord(u, w, sum[w]);
        }
        Arrays.fill(sum, 0);
        Arrays.fill(state, 0);
        Arrays.fill(innerKey, 0);
        Arrays.fill(outerKey, 0);
        Arrays.fill(block, (byte) 0);
        return u;
    }

    /**
     * One round: the HMAC of the previous round's bytes (at the start of {@code block}) replaces them and is xored
     * into {@code sum}. A method of its own so that the JIT compiles it by its calls, within the first derivation,
     * where a loop around it stays interpreted until it has run tens of thousands of times.
     */
    private static void round(Object sha256, int[] state, int[] innerKey, int[] outerKey, byte[] block, int[] sum) {
        System.arraycopy(innerKey, 0, state, 0, WORDS);
        compress(sha256, block);
        for (int w = 0; w < WORDS; w++) {
            putWord(block, w, state[w]);
        }
        System.arraycopy(outerKey, 0, state, 0, WORDS);
        compress(sha256, block);
        for (int w = 0; w < WORDS; w++) {
            putWord(block, w, state[w]);
            sum[w] ^= state[w];
        }
    }

    /**
     * Writes word {@code w} big-endian, byte by byte: through a byte array view VarHandle, C2 now and then compiled
     * the rounds so that most derivations after it came out wrong (two threads, the SHA-256 intrinsic; see
     * HmacSha256BlocksTest); byte by byte, 40,000 derivations in 20 fresh JVMs gave no wrong one. Either way a wrong
     * derivation only costs a second check ({@link Scram#matches}).
     */
    private static void putWord(byte[] bytes, int w, int word) {
        bytes[w * 4] = (byte) (word >>> 24);
        bytes[w * 4 + 1] = (byte) (word >>> 16);
        bytes[w * 4 + 2] = (byte) (word >>> 8);
        bytes[w * 4 + 3] = (byte) word;
    }

    /** The state after the HMAC key's block for {@code pad}: where each round's hash under that pad starts. */
    private static int[] keyedState(Object sha256, int[] state, byte[] key, byte pad) {
        byte[] block = HmacSha256.keyBlock(key, pad);
        firstBlock(sha256, state, block);
        Arrays.fill(block, (byte) 0);
        return state.clone();
    }

    /** Runs {@code block} through SHA-256's initial state, into {@code state} (the state of {@code sha256}). */
    private static void firstBlock(Object sha256, int[] state, byte[] block) {
        System.arraycopy(INITIAL, 0, state, 0, WORDS);
        compress(sha256, block);
    }

    /** SHA-256 of "abc" (FIPS 180-2, appendix B.1) by the block function, as a check that it is what it seems. */
    private static boolean givesTheKnownAnswer() {
        try {
            Object sha256 = newSha256();
            int[] state = (int[]) STATE.get(sha256);
            byte[] block = new byte[HmacSha256.BLOCK];
            block[0] = 'a';
            block[1] = 'b';
            block[2] = 'c';
            block[3] = (byte) 0x80;
            block[HmacSha256.BLOCK - 1] = 24; // bits
            firstBlock(sha256, state, block);
            return Arrays.equals(state, new int[] {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223, 0xb00361a3,
                    0x96177a9c, 0xb410ff61, 0xf20015ad});
        } catch (RuntimeException | LinkageError somethingElse) {
            return false;
        }
    }

    private static Object newSha256() {
        try {
            return (Object) NEW_SHA256.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's SHA-256 could not be made", e);
        }
    }

    private static void compress(Object sha256, byte[] block) {
        try {
            COMPRESS.invokeExact(sha256, block, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's SHA-256 block function failed", e);
        }
    }
}
