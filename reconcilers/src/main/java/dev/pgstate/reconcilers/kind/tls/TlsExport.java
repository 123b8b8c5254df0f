package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * The TLS files a server with {@code ssl = on} reads, as a tls section of file references, for an export: each file
 * is its own source ({@code file}) and destination (as the server's parameter names it), with the owner, group and
 * mode it has, so planning the section finds every file as it should be and changes nothing. Only paths are
 * exported: never a key's or any file's content. What a tls section cannot take over as it is, is named in
 * {@link #notExported()} and the section left out: a key read through {@code ssl_passphrase_command} (its passphrase
 * is a secret the spec must name a source for), and a certificate without {@code ssl_ca_file} (a tls section checks
 * the certificate against a CA bundle). Export only: TLS is planned from the spec's material (see {@code TlsPlanner}).
 */
public record TlsExport(TlsSpec tls, List<String> notExported) implements KindState {

    /** ssl, the four files and the passphrase command, from pg_settings. */
    static final String SQL = """
            SELECT name, setting FROM pg_catalog.pg_settings
            WHERE name IN ('ssl', 'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file', 'ssl_crl_file',
                           'ssl_passphrase_command', 'data_directory')""";

    public TlsExport {
        notExported = List.copyOf(notExported);
    }

    /** {@code settings}: the rows of {@link #SQL} by name. */
    static TlsExport of(Map<String, String> settings) {
        if (!"on".equals(settings.get("ssl"))) {
            return new TlsExport(null, List.of());
        }
        if (!settings.getOrDefault("ssl_passphrase_command", "").isEmpty()) {
            return notExported("the key is decrypted by ssl_passphrase_command, whose passphrase a spec names a"
                    + " source for (tls.key.passphrase); add the section by hand");
        }
        if (settings.getOrDefault("ssl_ca_file", "").isEmpty()) {
            return notExported("ssl_ca_file is not set, and a tls section checks the certificate against a CA"
                    + " bundle (tls.ca_bundle); add the section by hand with the CA that signed "
                    + settings.get("ssl_cert_file"));
        }
        String dataDirectory = settings.get("data_directory");
        if (dataDirectory == null) {
            return notExported("the data directory is unknown (pg_read_all_settings or a superuser can see it)");
        }
        try {
            Path data = Path.of(dataDirectory);
            TlsSpec.Builder tls = TlsSpec.builder()
                    .certificate(file(data, settings.get("ssl_cert_file")))
                    .key(file(data, settings.get("ssl_key_file")))
                    .caBundle(file(data, settings.get("ssl_ca_file")));
            String crl = settings.getOrDefault("ssl_crl_file", "");
            if (!crl.isEmpty()) {
                tls.crl(file(data, crl));
            }
            return new TlsExport(tls.build(), List.of());
        } catch (SymbolicLink e) {
            return notExported(e.getMessage() + " is a symbolic link, which installing the tls section's file would"
                    + " replace with a copy; add the section by hand");
        } catch (IOException e) {
            return notExported("cannot read a TLS file's owner and mode: " + FileFaults.describe(e));
        }
    }

    private static TlsExport notExported(String reason) {
        return new TlsExport(null, List.of("tls: " + reason));
    }

    /** The file the server reads at {@code parameter}'s path (relative ones in the data directory), as it is. */
    private static TlsFileSpec file(Path dataDirectory, String parameter) throws IOException {
        Path path = dataDirectory.resolve(parameter);
        if (Files.isSymbolicLink(path)) {
            throw new SymbolicLink(path);
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return TlsFileSpec.builder().file(path.toString()).destination(parameter)
                .owner(attributes.owner().getName()).group(attributes.group().getName())
                .mode(Modes.octal(attributes.permissions())).build();
    }

    /** A file the server reads through a link: the installer writes files, so the link would become one. */
    private static final class SymbolicLink extends IOException {
        SymbolicLink(Path path) {
            super(path.toString());
        }
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        // planned from the spec's material by TlsPlanner; this state only exports
    }

    @Override
    public Spec export(Spec exported) {
        return tls == null ? exported : exported.toBuilder().tls(tls).build();
    }
}
