package dev.pgstate.agent.trust;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A detached Ed25519 signature of a spec file, kept next to it as {@code spec.yaml.sig}: one line of text,
 * {@code pgstate-spec-signature-v1 ed25519 SHA256:<key fingerprint> <base64 signature>}. What is signed is the
 * ASCII line {@code pgstate-spec-signature-v1} and a newline followed by the spec file's exact bytes, so a
 * signature made for anything else never passes for a spec's.
 */
public record SpecSignature(String keyFingerprint, byte[] signature) {

    /** The first word of the file, and the start of what is signed. */
    static final String VERSION = "pgstate-spec-signature-v1";
    private static final String ALGORITHM = "ed25519";
    private static final byte[] DOMAIN = (VERSION + "\n").getBytes(StandardCharsets.US_ASCII);
    /** A signature file is one short line; anything longer is not one. */
    static final int MAX_FILE_BYTES = 1024;

    /** The signature of a spec file is the file of the spec's name and this. */
    public static final String SUFFIX = ".sig";

    /** Where the signature of {@code specFile} is kept. */
    public static Path fileFor(Path specFile) {
        return specFile.resolveSibling(specFile.getFileName() + SUFFIX);
    }

    public static SpecSignature sign(byte[] spec, Ed25519PrivateKeyParameters key) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        update(signer, spec);
        return new SpecSignature(SignerKeys.fingerprint(key.generatePublicKey()), signer.generateSignature());
    }

    /** True when this signature was made of {@code spec} with {@code key}. */
    public boolean verifies(byte[] spec, Ed25519PublicKeyParameters key) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        update(verifier, spec);
        return verifier.verifySignature(signature);
    }

    /** The file's one line. */
    public String text() {
        return VERSION + " " + ALGORITHM + " " + keyFingerprint + " " + Base64.getEncoder().encodeToString(signature)
                + "\n";
    }

    /** The signature in {@code text}, or empty when the text is not one. */
    public static Optional<SpecSignature> parse(String text) {
        String[] words = text.strip().split(" ");
        if (words.length != 4 || !words[0].equals(VERSION) || !words[1].equals(ALGORITHM)
                || !words[2].startsWith("SHA256:")) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getDecoder().decode(words[3]);
            return signature.length == Ed25519PrivateKeyParameters.SIGNATURE_SIZE
                    ? Optional.of(new SpecSignature(words[2], signature)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static void update(Ed25519Signer signer, byte[] spec) {
        signer.update(DOMAIN, 0, DOMAIN.length);
        signer.update(spec, 0, spec.length);
    }
}
