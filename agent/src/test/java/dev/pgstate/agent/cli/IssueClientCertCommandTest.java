package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.trust.SignerKeyFiles;
import dev.pgstate.agent.trust.SignerKeys;
import dev.pgstate.agent.trust.SpecSignature;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.Pem;
import dev.pgstate.reconcilers.kind.tls.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** issue-client-cert without a server: files, CN, key modes, and the error when there is no CA yet. */
class IssueClientCertCommandTest {

    @Test
    void issuesACertificateForTheUserSignedByTheAgentsCa(@TempDir Path state, @TempDir Path out) throws Exception {
        CaStore.InUse created = new CaStore(state).inUse(new TlsCaSpec(true, null, null, null, null), Instant.now());
        created.changes().commit();
        CertificateAuthority ca = created.ca();

        AgentRun run = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(),
                "--state-directory", state.toString(), "--days", "30");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).startsWith("issued a client certificate for \"certuser\", valid until ")
                .contains(out.resolve("certuser.pk8") + " (PKCS#8 DER, pgjdbc's sslkey)");
        X509Certificate certificate = Pem.certificates(Files.readString(out.resolve("certuser.crt"))).get(0);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=certuser");
        certificate.verify(ca.publicKey());
        assertThat(Pem.certificates(Files.readString(out.resolve("root.crt")))).containsExactly(ca.certificate());
        assertThat(new CaStore(state).issued()).singleElement().satisfies(known -> {
            assertThat(known.subject()).isEqualTo("CN=certuser");
            assertThat(known.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("certuser.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("certuser.pk8"))))
                .isEqualTo("rw-------");
    }

    @Test
    void withASpecItIssuesFromTheSpecsCaAdoptedOrCreated(@TempDir Path dir, @TempDir Path out) throws Exception {
        CertificateAuthority adopted = CertificateAuthority.create("corporate CA", Validity.days(Instant.now(), 90));
        Path cert = Files.writeString(dir.resolve("corporate.crt"), Pem.write(adopted.certificate()));
        Path key = Files.writeString(dir.resolve("corporate.key"), Pem.write(adopted.key()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                tls:
                  ca: {adopt: {cert: %s, key: %s}}
                  certificate: {issue: true}
                  key: {issue: true}
                  hostnames: [localhost]
                  state_directory: %s
                """.formatted(cert, key, dir.resolve("state")));

        AgentRun run = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(), "--spec",
                spec.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        Pem.certificates(Files.readString(out.resolve("certuser.crt"))).get(0).verify(adopted.publicKey());
        assertThat(new CaStore(dir.resolve("state")).issued()).hasSize(1);
        AgentRun both = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(), "--spec",
                spec.toString(), "--state-directory", dir.toString());
        assertThat(both.exitCode()).isEqualTo(64);
        assertThat(both.err()).contains("--spec and --state-directory both say where the CA is");
    }

    @Test
    void aBoxThatAcceptsOnlySignedSpecsTakesTheCaFromNoOtherSpec(@TempDir Path dir, @TempDir Path out)
            throws Exception {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "trust:\n  spec_signers: [owner.pub]\n");
        Path state = dir.resolve("state");
        new CaStore(state).inUse(new TlsCaSpec(true, null, null, null, null), Instant.now()).changes().commit();
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                tls:
                  ca: {create: true}
                  certificate: {issue: true}
                  key: {issue: true}
                  hostnames: [localhost]
                  state_directory: %s
                """.formatted(state));

        AgentRun unsigned = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(), "--spec",
                spec.toString(), "--config", config.toString());

        assertThat(unsigned.exitCode()).as(unsigned.err()).isEqualTo(65);
        assertThat(unsigned.err()).contains("refused: it is not signed");
        assertThat(out).isEmptyDirectory();
        assertThat(new CaStore(state).issued()).isEmpty();

        Files.writeString(dir.resolve("spec.yaml.sig"), SpecSignature.sign(Files.readAllBytes(spec),
                SignerKeys.privateKey(owner.privateKey(), FileTrust.ofThisProcess())).text());
        AgentRun signed = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(), "--spec",
                spec.toString(), "--config", config.toString());
        assertThat(signed.exitCode()).as(signed.err()).isEqualTo(0);
        assertThat(new CaStore(state).issued()).hasSize(1);
    }

    @Test
    void withoutACaItSaysWhereItLookedAndHowToGetOne(@TempDir Path state, @TempDir Path out) {
        AgentRun run = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(),
                "--state-directory", state.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no CA in " + state.resolve("tls")
                + ": apply a spec with tls.ca.create: true first");
    }
}
