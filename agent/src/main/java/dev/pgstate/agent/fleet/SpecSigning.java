package dev.pgstate.agent.fleet;

import dev.pgstate.agent.trust.SpecSignature;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The signature that goes to a box beside its rendered spec, for a box whose agent demands signed specs: made with
 * the owner's key at push time ({@code --sign-key}), or the spec file's own signature when the box's spec is the
 * file byte for byte (no variables); else none, and such a box refuses the spec (its old one stays).
 */
public interface SpecSigning {

    /** The text of the signature file for {@code rendered}, if there is one. */
    Optional<String> signatureOf(byte[] rendered);

    static SpecSigning with(Ed25519PrivateKeyParameters key) {
        return rendered -> Optional.of(SpecSignature.sign(rendered, key).text());
    }

    /** {@code signature} (of {@code signed}, the spec file's bytes) for a box whose spec is those bytes. */
    static SpecSigning carrying(byte[] signed, Optional<String> signature) {
        byte[] copy = signed.clone();
        return rendered -> Arrays.equals(rendered, copy) ? signature : Optional.empty();
    }
}
