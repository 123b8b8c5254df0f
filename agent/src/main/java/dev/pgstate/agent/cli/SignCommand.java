package dev.pgstate.agent.cli;

import dev.pgstate.agent.trust.SignerKeys;
import dev.pgstate.agent.trust.SpecSignature;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.reconcilers.facade.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent sign}: the fleet owner's detached Ed25519 signature of a spec file, written next to it as
 * {@code FILE.sig} (see {@link SpecSignature}). It signs the file's bytes as they are; a box whose agent
 * configuration names the matching public key in {@code trust.spec_signers} then accepts that spec and no other.
 */
@Command(name = "sign", description = "Sign a spec with an Ed25519 private key (PEM, as openssl genpkey "
        + "-algorithm ed25519 makes it); the signature goes next to the spec as FILE.sig.")
final class SignCommand extends Verb {

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The private key (PEM, PKCS#8, readable by its owner only).")
    Path key;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The spec file to sign.")
    Path spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(spec)) {
            throw new AgentException(ExitCode.USAGE, "spec file " + spec + " does not exist or is not a file");
        }
        Ed25519PrivateKeyParameters privateKey;
        try {
            privateKey = SignerKeys.privateKey(key, FileTrust.ofThisProcess());
        } catch (SignerKeys.KeyException e) {
            throw new AgentException(ExitCode.USAGE, e.getMessage(), e);
        }
        SpecSignature signature = SpecSignature.sign(SpecLoader.readBytes(spec), privateKey);
        Path signatureFile = SpecSignature.fileFor(spec);
        // created anew and renamed into place: never written through a link someone left under that name
        Engine.writeOwnFile(signatureFile, signature.text().getBytes(StandardCharsets.US_ASCII),
                PosixFilePermissions.fromString("rw-r--r--"));
        stdout().printf("signed %s with %s: %s%n", spec, signature.keyFingerprint(),
                signatureFile);
        return ExitCode.OK.code();
    }
}
