package dev.pgstate.agent.trust;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Lets a spec through only when the signature next to it ({@link SpecSignature#fileFor}) was made of its exact
 * bytes by one of the box's {@code trust.spec_signers}. Every refusal is a problem of the spec file ("refused: …"),
 * so the CLI exits 65 and the daemon keeps its last good spec, as for any spec it may not obey.
 */
public final class SignatureCheck implements Specs.ContentCheck {

    private final List<SignerKeys.Signer> signers;
    private final String signersNamed;
    private final String demand;

    /** @param configFile the agent configuration that names the signers, for messages */
    public SignatureCheck(List<SignerKeys.Signer> signers, Path configFile) {
        this(signers, "among trust.spec_signers in " + configFile, configFile + " accepts only specs signed by one of "
                + "its trust.spec_signers");
    }

    /**
     * @param signersNamed how messages name the signers: "among …"
     * @param demand       who demands the signature, and of whom, for a spec that has none
     */
    public SignatureCheck(List<SignerKeys.Signer> signers, String signersNamed, String demand) {
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("a signature check needs at least one signer");
        }
        this.signers = List.copyOf(signers);
        this.signersNamed = signersNamed;
        this.demand = demand;
    }

    @Override
    public void check(Path file, byte[] content) {
        Path signatureFile = SpecSignature.fileFor(file);
        SpecSignature signature = read(file, signatureFile);
        SignerKeys.Signer signer = signers.stream()
                .filter(candidate -> candidate.fingerprint().equals(signature.keyFingerprint())).findFirst()
                .orElseThrow(() -> refused(file, signatureFile + " was made with the key " + signature.keyFingerprint()
                        + ", which is not " + signersNamed));
        if (!signature.verifies(content, signer.key())) {
            throw refused(file, file + " does not match its signature " + signatureFile + " (changed after it was "
                    + "signed, or the signature is not for this file): sign it again with agent sign");
        }
    }

    private SpecSignature read(Path file, Path signatureFile) {
        if (!Files.exists(signatureFile, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(file, "it is not signed (no " + signatureFile + "), and " + demand + ": agent sign --key KEY "
                    + "--spec " + file);
        }
        Optional<String> text;
        try (InputStream in = Files.newInputStream(signatureFile)) {
            byte[] bytes = in.readNBytes(SpecSignature.MAX_FILE_BYTES + 1);
            text = bytes.length > SpecSignature.MAX_FILE_BYTES ? Optional.empty()
                    : Optional.of(new String(bytes, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw refused(file, "cannot read its signature " + signatureFile + ": " + e.getMessage());
        }
        return text.flatMap(SpecSignature::parse).orElseThrow(() -> refused(file, signatureFile
                + " is not a pgstate spec signature (one line: " + SpecSignature.VERSION
                + " ed25519 SHA256:<key> <signature>)"));
    }

    private static SpecException refused(Path file, String why) {
        return SpecException.of(new SpecProblem(file.toString(), 1, 1, "", "refused: " + why));
    }
}
