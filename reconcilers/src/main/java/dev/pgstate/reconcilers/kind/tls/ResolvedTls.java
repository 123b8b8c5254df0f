package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.Confirmation;
import dev.pgstate.reconcilers.core.apply.Confirming;
import dev.pgstate.reconcilers.core.live.ServerConfiguration;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.KnownCertificate;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec's TLS material made concrete for one server: every file with its content (read, inline or just
 * issued) next to what is installed, the certificate the server should serve, and every reason the material must
 * not be used; the TLS kind's state, made before planning ({@link TlsKind#resolve}) and added to what was read of the
 * server. Planning compares; it does not read files or issue certificates.
 *
 * @param certificate          the server certificate to install; null when the material could not be read
 * @param installedCertificate the certificate installed now, when there is a readable one
 * @param problems             why the material must not be installed; empty when it may
 * @param known                every certificate on the box the agent knows of (installed, its CA's, issued to
 *                             clients), for the expiry metric
 * @param issuing              what the server certificate is issued as, when this resolve issued it (a plan's is
 *                             never installed, an apply's fingerprint is not known to the plan it carries out), so
 *                             the plan shows the request, not a fingerprint
 * @param served               the certificate the running server hands out, when the agent probed it
 * @param caStep               the step of a CA rotation this resolve made (started or ended), for the plan to show
 * @param caChanges            what the state directory must keep for these files: committed by the apply that
 *                             installs them, dropped by a plan
 */
public record ResolvedTls(List<TlsFileState> files, X509Certificate certificate,
                          Optional<X509Certificate> installedCertificate, List<String> problems,
                          List<KnownCertificate> known, Optional<CertificateRequest> issuing, Optional<Fingerprint> served,
                          Optional<CaStep> caStep, CaChanges caChanges) implements KindState, Confirming {

    /** The spec has no tls section. */
    public static final ResolvedTls NONE = new ResolvedTls(List.of(), null, Optional.empty(), List.of());

    public ResolvedTls {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
        known = List.copyOf(known);
        Objects.requireNonNull(issuing, "issuing");
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(caStep, "caStep");
        Objects.requireNonNull(caChanges, "caChanges");
    }

    /** Before the running server was probed. */
    public ResolvedTls(List<TlsFileState> files, X509Certificate certificate,
                       Optional<X509Certificate> installedCertificate, List<String> problems) {
        this(files, certificate, installedCertificate, problems, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(),
                CaChanges.NONE);
    }

    /** With the fingerprint of the certificate the running server was seen to hand out. */
    public ResolvedTls withServed(Fingerprint fingerprint) {
        return new ResolvedTls(files, certificate, installedCertificate, problems, known, issuing,
                Optional.of(fingerprint), caStep, caChanges);
    }

    /** Plans the files: the setting kind finds this state in the plan's context and sets their names. */
    /** Managed TLS material is planned against the time (a certificate's renewal), so only without any. */
    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return !managed();
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        new TlsPlanner(this, context.now(), findings).plan();
    }

    /** An exported spec's TLS files come from {@link TlsExport}, read whatever the spec says. */
    @Override
    public Spec export(Spec exported) {
        return exported;
    }

    /** Every file the material is installed as: its path, and owner, mode and content as installed, if it is. */
    @Override
    public Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        Map<Address, String> texts = new LinkedHashMap<>();
        files.forEach(file -> texts.put(Address.of(TlsKind.NAME, "file", file.desired().role().parameter()),
                file.desired().path() + "\n" + file.installed()
                        .map(installed -> installed.owner() + ":" + installed.group() + " " + installed.mode() + "\n"
                                + installed.content())
                        .orElse("absent")));
        return texts;
    }

    /** That the server serves this certificate, once the plan installs its files or sets a parameter they set. */
    @Override
    public Optional<Confirmation> confirmation(Plan plan, List<KindState> read) {
        return ServedCertificateCheck.of(this, plan, ServerConfiguration.in(read).port());
    }

    /** Material that passed every check, to be installed and served. */
    public boolean usable() {
        return managed() && problems.isEmpty();
    }

    public static ResolvedTls refused(List<String> problems) {
        return new ResolvedTls(List.of(), null, Optional.empty(), problems);
    }

    public boolean managed() {
        return certificate != null;
    }

    /**
     * ssl = on and the path of every file the server reads (an encrypted key's passphrase through the command that
     * reads it): only for material that passed every check.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!usable()) {
            return settings;
        }
        settings.put("ssl", "on");
        files.forEach(f -> settings.putAll(f.desired().role().parameters(f.desired().path())));
        return settings;
    }
}
