package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.TlsFileSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsExportTest {

    @TempDir
    Path data;

    @Test
    void theFilesInUseBecomeReferencesWithTheirOwnersAndModesNeverTheirContent() throws IOException {
        Files.writeString(data.resolve("server.crt"), "certificate");
        Path key = Files.writeString(data.resolve("server.key"), "-----BEGIN PRIVATE KEY-----");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path root = Files.writeString(data.resolve("root.crt"), "root");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-r-----"));

        TlsExport export = TlsExport.of(settings(Map.of("ssl_ca_file", root.toString())));

        PosixFileAttributes attributes = Files.readAttributes(key, PosixFileAttributes.class);
        String owner = attributes.owner().getName();
        String group = attributes.group().getName();
        assertThat(export.notExported()).isEmpty();
        assertThat(export.tls().certificate()).isEqualTo(TlsFileSpec.builder().file(data.resolve("server.crt")
                .toString()).destination("server.crt").owner(owner).group(group).mode("0644").build());
        assertThat(export.tls().key()).isEqualTo(TlsFileSpec.builder().file(key.toString()).destination("server.key")
                .owner(owner).group(group).mode("0600").build());
        assertThat(export.tls().caBundle()).isEqualTo(TlsFileSpec.builder().file(root.toString())
                .destination(root.toString()).owner(owner).group(group).mode("0640").build());
        assertThat(export.tls().crl()).isNull();
    }

    @Test
    void whatATlsSectionCannotTakeOverIsNamedAndLeftOut() throws IOException {
        Path target = Files.writeString(data.resolve("elsewhere.crt"), "certificate");
        Files.createSymbolicLink(data.resolve("server.crt"), target);

        assertThat(TlsExport.of(settings(Map.of("ssl", "off"))).tls()).isNull();
        assertThat(TlsExport.of(settings(Map.of("ssl", "off"))).notExported()).isEmpty();
        assertThat(TlsExport.of(settings(Map.of("ssl_passphrase_command", "/bin/cat /x"))).notExported())
                .containsExactly("tls: the key is decrypted by ssl_passphrase_command, whose passphrase a spec names"
                        + " a source for (tls.key.passphrase); add the section by hand");
        assertThat(TlsExport.of(settings(Map.of("ssl_ca_file", ""))).notExported())
                .containsExactly("tls: ssl_ca_file is not set, and a tls section checks the certificate against a CA"
                        + " bundle (tls.ca_bundle); add the section by hand with the CA that signed server.crt");
        TlsExport linked = TlsExport.of(settings(Map.of("ssl_ca_file", target.toString())));
        assertThat(linked.tls()).isNull();
        assertThat(linked.notExported()).containsExactly("tls: " + data.resolve("server.crt") + " is a symbolic"
                + " link, which installing the tls section's file would replace with a copy; add the section by hand");
    }

    /** ssl on, the server's default file names in the data directory, and {@code more}. */
    private Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("ssl", "on", "ssl_cert_file", "server.crt",
                "ssl_key_file", "server.key", "ssl_ca_file", "root.crt", "ssl_crl_file", "",
                "ssl_passphrase_command", "", "data_directory", data.toString()));
        settings.putAll(more);
        return settings;
    }
}
