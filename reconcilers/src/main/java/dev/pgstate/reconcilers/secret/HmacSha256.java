package dev.pgstate.reconcilers.secret;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA-256 under one key (RFC 2104), and the PBKDF2 that SCRAM derives its salted password with, over the JDK's
 * SHA-256. The digests of the padded key's inner and outer blocks are made once and copied for each MAC, so a MAC of
 * a short message costs two SHA-256 blocks where {@link javax.crypto.Mac} hashes the padded key again every time (four
 * blocks): half the work in PBKDF2's 4096 rounds. Its compiled loop inlines the JDK's SHA-256, which the C2 compiler
 * turns into the CPU's own instructions.
 *
 * <p>It is also the agent's one HMAC for everything else it seals or fingerprints (the state directory's files, saved
 * plans): {@link javax.crypto.Mac} would cost every command the start of the JDK's cryptography framework (its
 * provider and policy checks, about 25-35 ms of a 0.9 s plan under C1), where this needs only a digest. A keyed
 * object is never changed after it is made, so threads may share one, each {@link #start}ing its own MAC.
 */
public final class HmacSha256 implements KeyedMac {

    /** Bytes in a MAC. */
    public static final int LENGTH = 32;
    /** Bytes in a SHA-256 block. */
    static final int BLOCK = 64;
    /** What the key is xored with for the inner hash and for the outer hash. */
    static final byte INNER_PAD = 0x36;
    static final byte OUTER_PAD = 0x5c;

    private final MessageDigest inner;
    private final MessageDigest outer;

    /** Uses {@code key} without keeping it; the caller clears it. */
    public HmacSha256(byte[] key) {
        inner = keyed(key, INNER_PAD);
        outer = keyed(key, OUTER_PAD);
    }

    /** The MAC of {@code message}. */
    @Override
    public byte[] mac(byte[] message) {
        byte[] out = new byte[LENGTH];
        mac(message, message.length, out);
        return out;
    }

    /** A MAC of a message given in parts, under this key; safe to call from several threads at once. */
    public Parts start() {
        return new Parts(copy(inner));
    }

    /** One MAC being computed: the message's parts in order, then {@link #finish}. For one thread. */
    public final class Parts {

        private final MessageDigest hash;

        private Parts(MessageDigest hash) {
            this.hash = hash;
        }

        public Parts update(byte[] part) {
            hash.update(part);
            return this;
        }

        public Parts update(byte part) {
            hash.update(part);
            return this;
        }

        /** The MAC of the parts given. */
        public byte[] finish() {
            byte[] out = new byte[LENGTH];
            HmacSha256.this.finish(hash, out);
            return out;
        }
    }

    /**
     * PBKDF2-HMAC-SHA-256 of the password this HMAC is keyed with, one block long: SCRAM's
     * {@code Hi(password, salt, iterations)} (RFC 5802), the SaltedPassword.
     */
    byte[] pbkdf2(byte[] salt, int iterations) {
        byte[] u = firstRound(salt);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            mac(u, LENGTH, u);
            for (int b = 0; b < LENGTH; b++) {
                result[b] ^= u[b];
            }
        }
        Arrays.fill(u, (byte) 0);
        return result;
    }

    /** PBKDF2's first round for the password this HMAC is keyed with: the MAC of the salt and the block's index, 1. */
    byte[] firstRound(byte[] salt) {
        byte[] first = Arrays.copyOf(salt, salt.length + 4);
        first[salt.length + 3] = 1; // the index as four big-endian bytes
        byte[] u = new byte[LENGTH];
        mac(first, first.length, u);
        return u;
    }

    /** Forgets the key: what the two digests hold is derived from it. */
    void clear() {
        inner.reset();
        outer.reset();
    }

    /** Writes the MAC of the first {@code length} bytes of {@code message} into {@code out}, which may be it. */
    private void mac(byte[] message, int length, byte[] out) {
        MessageDigest hash = copy(inner);
        hash.update(message, 0, length);
        finish(hash, out);
    }

    /** Writes the MAC whose inner hash has taken the whole message into {@code out}. */
    private void finish(MessageDigest innerHash, byte[] out) {
        digest(innerHash, out);
        MessageDigest hash = copy(outer);
        hash.update(out, 0, LENGTH);
        digest(hash, out);
    }

    private static MessageDigest keyed(byte[] key, byte pad) {
        byte[] block = keyBlock(key, pad);
        MessageDigest digest = sha256();
        digest.update(block);
        Arrays.fill(block, (byte) 0);
        return digest;
    }

    /**
     * The first block an HMAC under {@code key} hashes: the key (its SHA-256 when longer than a block) padded with
     * zeros to a block and xored with {@code pad}. The caller clears it.
     */
    static byte[] keyBlock(byte[] key, byte pad) {
        byte[] shortKey = key.length > BLOCK ? sha256().digest(key) : key;
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < shortKey.length ? shortKey[i] : 0) ^ pad);
        }
        if (shortKey != key) {
            Arrays.fill(shortKey, (byte) 0);
        }
        return block;
    }

    private static void digest(MessageDigest hash, byte[] out) {
        try {
            hash.digest(out, 0, LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output", e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this Java runtime's SHA-256 cannot be copied", e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
