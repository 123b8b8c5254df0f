package dev.pgstate.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecYamlWriterTest {

    private final SpecYamlWriter writer = new SpecYamlWriter();

    @Test
    void writesKeysInSpecOrderWithoutNeedlessQuotes() {
        Spec spec = Spec.builder()
                .roles(role("admin", List.of()),
                        role("idbox",
                                List.of(new MembershipSpec("admin", false, true, true), MembershipSpec.of("app"))))
                .databases(DatabaseSpec.builder("idboxdb").owner("idbox").encoding("UTF8").lcCollate("C").lcCtype("C")
                        .connectionLimit(-1).allowConnections(true).isTemplate(false).build()).build();

        assertThat(writer.write(spec, List.of("exported for a test"))).isEqualTo("""
                # exported for a test
                roles:
                  - name: admin
                    superuser: false
                    createdb: false
                    createrole: false
                    inherit: true
                    login: true
                    replication: false
                    bypassrls: false
                    connection_limit: -1
                    member_of: []
                  - name: idbox
                    superuser: false
                    createdb: false
                    createrole: false
                    inherit: true
                    login: true
                    replication: false
                    bypassrls: false
                    connection_limit: -1
                    member_of:
                      - role: admin
                        admin: false
                        inherit: true
                        set: true
                      - app
                databases:
                  - name: idboxdb
                    owner: idbox
                    encoding: UTF8
                    lc_collate: C
                    lc_ctype: C
                    connection_limit: -1
                    allow_connections: true
                    is_template: false
                """);
    }

    @Test
    void writesADatabasesExtensionsWithVersionsAsText() {
        Spec spec = Spec.builder().databases(DatabaseSpec.named("appdb").withExtensions(List.of(
                new ExtensionSpec("hstore", "1.4", "ext", State.PRESENT, null),
                new ExtensionSpec("pg_trgm", "1.6", "public", State.PRESENT, null)))).build();
        String yaml = writer.write(spec, List.of());

        assertThat(yaml).isEqualTo("""
                roles: []
                databases:
                  - name: appdb
                    extensions:
                      - name: hstore
                        version: "1.4"
                        schema: ext
                      - name: pg_trgm
                        version: "1.6"
                        schema: public
                """);
        assertThat(Specs.load("exported.yaml", yaml)).isEqualTo(spec);
    }

    /**
     * The server section with where each value comes from as a comment above its key, pg_hba.conf's rules with their
     * comments and quoted names, and the TLS files as references: all read back to the same spec.
     */
    @Test
    void writesServerHbaAndTlsWithOriginsAsComments() {
        Spec spec = Spec.builder()
                .server(ServerSpec.builder().listenAddresses(List.of("127.0.0.1", "::1")).port(5433)
                        .settings(new LinkedHashMap<>(Map.of("work_mem", "8MB"))).build())
                .hba(new HbaSpec(HbaSpec.WHOLE_FILE, null, List.of(
                        HbaRuleSpec.builder("local", "peer").users(List.of("postgres")).comment("the admin").build(),
                        HbaRuleSpec.builder("hostssl", "cert").databases(List.of("\"my db\"")).users(List.of("+staff"))
                                .address("10.0.0.0 255.0.0.0").options(Map.of("map", "certs")).build()), null))
                .tls(TlsSpec.builder().certificate(TlsFileSpec.builder().file("/etc/ssl/db.crt")
                                .destination("/etc/ssl/db.crt").owner("root").group("root").mode("0644").build())
                        .key(TlsFileSpec.builder().file("/etc/ssl/private/db.key").destination("/etc/ssl/private/db.key")
                                .owner("root").group("ssl-cert").mode("0640").build()).build())
                .build();

        String yaml = writer.write(spec, List.of("exported", "not exported: include_dir conf.d"), Map.of(
                "server.port", "/etc/postgresql/16/main/postgresql.conf:64",
                "server.settings.work_mem", "/var/lib/postgresql/16/main/postgresql.auto.conf:3",
                "server.settings.absent", "never written"));

        assertThat(yaml).isEqualTo("""
                # exported
                # not exported: include_dir conf.d
                roles: []
                databases: []
                server:
                  listen_addresses:
                    - 127.0.0.1
                    - ::1
                  # /etc/postgresql/16/main/postgresql.conf:64
                  port: 5433
                  settings:
                    # /var/lib/postgresql/16/main/postgresql.auto.conf:3
                    work_mem: 8MB
                hba:
                  ownership: whole-file
                  rules:
                    - type: local
                      databases:
                        - all
                      users:
                        - postgres
                      method: peer
                      comment: the admin
                    - type: hostssl
                      databases:
                        - '"my db"'
                      users:
                        - +staff
                      address: 10.0.0.0 255.0.0.0
                      method: cert
                      options:
                        map: certs
                tls:
                  certificate:
                    file: /etc/ssl/db.crt
                    destination: /etc/ssl/db.crt
                    owner: root
                    group: root
                    mode: "0644"
                  key:
                    file: /etc/ssl/private/db.key
                    destination: /etc/ssl/private/db.key
                    owner: root
                    group: ssl-cert
                    mode: "0640"
                """);
        assertThat(Specs.load("exported.yaml", yaml)).isEqualTo(spec);
    }

    /** The connection section: every field the spec has, by its spec key, the unset ones left out; it reads back. */
    @Test
    void writesTheConnectionSectionAndItReadsBack() {
        Spec spec = Spec.builder().connection(ConnectionSpec.builder().host("db.example.net").port(5433).user("admin")
                .database("postgres").sslmode("verify-full").sslrootcert("/etc/pgstate/root.crt")
                .sslcert("/etc/pgstate/admin.crt").sslkey("/etc/pgstate/admin.key").build()).build();

        String yaml = writer.write(spec, List.of());

        assertThat(yaml).startsWith("""
                connection:
                  host: db.example.net
                  port: 5433
                  user: admin
                  database: postgres
                  sslmode: verify-full
                  sslrootcert: /etc/pgstate/root.crt
                  sslcert: /etc/pgstate/admin.crt
                  sslkey: /etc/pgstate/admin.key
                roles: []
                """);
        assertThat(Specs.load("exported.yaml", yaml)).isEqualTo(spec);
    }

    /** A comment holds one line whatever a file name holds: a line break in it cannot start a YAML key. */
    @Test
    void anOriginWithALineBreakStaysInItsComment() {
        Spec spec = Spec.builder().server(ServerSpec.builder().settings(Map.of("work_mem", "8MB")).build()).build();

        String yaml = writer.write(spec, List.of("from /tmp/x\nroles: [evil]"),
                Map.of("server.settings.work_mem", "/tmp/a\nwork_mem: 1TB:1"));

        assertThat(yaml).contains("# from /tmp/x\\nroles: [evil]\n").contains("    # /tmp/a\\nwork_mem: 1TB:1\n");
        assertThat(Specs.load("exported.yaml", yaml)).isEqualTo(spec);
    }

    /** Names PostgreSQL accepts that YAML would read as something else, or not at all, unless quoted. */
    @ParameterizedTest
    @ValueSource(strings = {"say \"hi\"", "it's", "a: b", "a:b", "#hash", "a #b", " leading", "trailing ", "- dash",
            "-", "?", "true", "false", "yes", "no", "on", "off", "null", "Null", "~", "007", "1e3", "0x1F", ".5", "12:30",
            "[x]", "{x}", "*star", "&anchor", "!tag", "%pct", "@at", "`tick", "|pipe", ">gt", "ünïcødé 名前",
            "back\\slash", "2027-01-31", "'single'", ",comma", "=", "<<"})
    void hostileNamesReadBackExactly(String name) {
        Spec spec = hostileSpec(name);

        Spec readBack = Specs.load("exported.yaml", writer.write(spec, List.of()));

        assertThat(readBack).isEqualTo(spec);
    }

    /** The YAML keeps a control character exactly, and validation then refuses the name: no spec may hold one. */
    @ParameterizedTest
    @ValueSource(strings = {"tab\there", "two\nlines"})
    void namesWithControlCharactersAreWrittenExactlyAndRefusedOnLoad(String name) {
        Spec spec = hostileSpec(name);
        String yaml = writer.write(spec, List.of());

        assertThat(SpecLoader.load("exported.yaml", yaml)).isEqualTo(spec);
        assertThatThrownBy(() -> Specs.load("exported.yaml", yaml)).isInstanceOf(SpecException.class)
                .hasMessageContaining("roles[0].name: must not contain control characters");
    }

    /**
     * LS and PS are line breaks to YAML 1.1 but not to PostgreSQL, which holds them in names and values: each is
     * written as its escape, on one line, and reads back exactly (a plain scalar split at them reads back exactly
     * only to a YAML 1.1 reader, and with the indentation of its second line to anyone else). Validation then
     * refuses them, like the line breaks they look like in a plan, a log or an editor.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x\u2028y", "x\u2029y", "\u2028", "x\u2028"})
    void unicodeLineSeparatorsAreWrittenEscapedReadBackExactlyAndRefused(String text) {
        Spec spec = everywhere(text);
        String yaml = writer.write(spec, List.of());

        assertThat(SpecLoader.load("exported.yaml", yaml)).isEqualTo(spec);
        assertThat(yaml).doesNotContain("\u2028").doesNotContain("\u2029")
                .contains(text.indexOf('\u2028') >= 0 ? "\\L" : "\\P");
        assertThatThrownBy(() -> Specs.load("exported.yaml", yaml)).isInstanceOf(SpecException.class)
                .hasMessageContaining("exported.yaml:2:")
                .hasMessageContaining("roles[0].name: must not contain control characters (line breaks, tabs, "
                        + "escapes); found U+%04X".formatted((int) text.replace("x", "").charAt(0)));
    }

    /**
     * NEL (U+0085) and a carriage return are line breaks YAML folds into a space in a plain or single-quoted scalar:
     * written bare, role "x&lt;NEL&gt;y" read back as "x y", passed validation and would have been another role. Written
     * as escapes they read back exactly, and validation refuses them as the control characters they are.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x\u0085y", "x\u0085", "x\ry"})
    void breaksYamlFoldsAreWrittenEscapedReadBackExactlyAndRefused(String text) {
        Spec spec = everywhere(text);
        String yaml = writer.write(spec, List.of());

        assertThat(SpecLoader.load("exported.yaml", yaml)).isEqualTo(spec);
        assertThat(yaml).doesNotContain("\u0085").doesNotContain("\r");
        assertThatThrownBy(() -> Specs.load("exported.yaml", yaml)).isInstanceOf(SpecException.class)
                .hasMessageContaining("exported.yaml:2:")
                .hasMessageContaining("roles[0].name: must not contain control characters (line breaks, tabs, "
                        + "escapes); found U+%04X at character 2".formatted((int) text.charAt(1)))
                .hasMessageContaining("databases[0].name: must not contain control characters")
                .hasMessageContaining("server.settings.search_path: must not contain control characters")
                .hasMessageContaining("hba.rules[0].comment: must not contain control characters");
    }

    /** {@code text} in a role name, a membership, a database name and owner, a setting value and hba fields. */
    private static Spec everywhere(String text) {
        return hostileSpec(text).toBuilder()
                .server(ServerSpec.builder().settings(Map.of("search_path", text)).build())
                .hba(new HbaSpec(HbaSpec.WHOLE_FILE, null, List.of(HbaRuleSpec.builder("local", "peer")
                        .databases(List.of(text)).users(List.of(text)).options(Map.of("map", text)).comment(text)
                        .build()), null))
                .build();
    }

    private static Spec hostileSpec(String name) {
        return Spec.builder()
                .roles(role(name,
                                List.of(MembershipSpec.of(name + "x"),
                                        new MembershipSpec("x" + name, true, null, null))),
                        role(name + "x", List.of()), role("x" + name, List.of()))
                .databases(DatabaseSpec.builder(name).owner(name).build()).build();
    }

    private static RoleSpec role(String name, List<MembershipSpec> memberOf) {
        return RoleSpec.builder(name).superuser(false).createdb(false).createrole(false).inherit(true)
                .login(true).replication(false).bypassrls(false).connectionLimit(-1).memberOf(memberOf).build();
    }
}
