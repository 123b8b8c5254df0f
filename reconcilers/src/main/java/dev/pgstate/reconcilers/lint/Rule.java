package dev.pgstate.reconcilers.lint;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every rule lint and audit know, with its stable id (never renamed: specs silence rules by it), its severity, why
 * it matters and the fix. Rules marked {@code live} need the running server and are checked by {@code audit} only.
 */
public enum Rule {
    HBA_TRUST("hba-trust", Severity.ERROR, false,
            "trust admits anyone who reaches the rule, without any credential",
            "use peer on a local rule naming the trusted OS users, scram-sha-256 or cert elsewhere"),
    HBA_PASSWORD_CLEARTEXT("hba-password-cleartext", Severity.ERROR, false,
            "method password sends the password in clear text, here over a TCP connection that may lack SSL",
            "use scram-sha-256"),
    HBA_WEAK_PASSWORD_METHOD("hba-weak-password-method", Severity.WARNING, false,
            "md5 and password are weaker than scram-sha-256 (md5 verifiers are deprecated, password sends clear text)",
            "use scram-sha-256 and store SCRAM verifiers"),
    PASSWORD_ENCRYPTION("password-encryption", Severity.ERROR, false,
            "password_encryption other than scram-sha-256 stores new passwords as md5 verifiers",
            "set server.password_encryption: scram-sha-256"),
    BOOTSTRAP_SUPERUSER_PASSWORD("bootstrap-superuser-password", Severity.WARNING, false,
            "the bootstrap superuser with a password can be logged into from wherever a password rule admits it",
            "give it password: none and keep peer access over the socket"),
    ROLE_MD5_VERIFIER("role-md5-verifier", Severity.WARNING, true,
            "the role's stored password is an md5 verifier, which is replayable and deprecated",
            "set its password again with password_encryption = scram-sha-256 (the agent stores SCRAM verifiers)"),
    HBA_HOST_WITHOUT_SSL("hba-host-without-ssl", Severity.ERROR, false,
            "host and hostnossl admit TCP connections without SSL from beyond the box",
            "use hostssl for every address other than loopback"),
    HBA_BROAD_ADDRESS("hba-broad-address", Severity.WARNING, false,
            "the rule admits clients from any address (all, 0.0.0.0/0, ::/0) or from all the box's networks (samenet)",
            "name the client networks, or reach the server through an SSH tunnel"),
    LISTEN_ALL_NARROW_HBA("listen-all-narrow-hba", Severity.WARNING, false,
            "the server listens on every interface while pg_hba.conf admits only a few networks",
            "list in listen_addresses only the addresses clients use"),
    // live: the spec cannot set ssl itself (the tls section turns it on), so only the server says it is off
    HBA_HOSTSSL_WITHOUT_SSL("hba-hostssl-without-ssl", Severity.ERROR, true,
            "a hostssl rule cannot match while ssl is off, so the clients it is meant for are refused or fall through",
            "turn ssl on (a tls section in the spec) or remove the rule"),
    HBA_FILE_ERROR("hba-file-error", Severity.ERROR, true,
            "the server reports an error for this pg_hba.conf line (pg_hba_file_rules)",
            "correct the line; a reload with it fails"),
    SSL_MIN_PROTOCOL("ssl-min-protocol", Severity.ERROR, false,
            "TLS 1.0 and 1.1 are broken and disabled by current clients",
            "set ssl_min_protocol_version: TLSv1.2 (or TLSv1.3)"),
    SSL_WEAK_CIPHERS("ssl-weak-ciphers", Severity.ERROR, false,
            "ssl_ciphers enables ciphers without encryption or authentication, or broken ones (NULL, EXPORT, RC4, "
                    + "MD5, DES, LOW)",
            "keep the default HIGH:MEDIUM:+3DES:!aNULL or a stricter list"),
    TLS_CERTIFICATE_EXPIRY("tls-certificate-expiry", Severity.WARNING, true,
            "the server certificate expires within the renewal window, or already has",
            "let the agent renew it (issue: true) or install a new one"),
    TLS_KEY_MODE("tls-key-mode", Severity.ERROR, true,
            "the server's private key is readable beyond PostgreSQL's rule (0600 by the server user, 0640 by root)",
            "chmod 0600 the key and give it to the server's OS user"),
    TLS_CA_KEY_MODE("tls-ca-key-mode", Severity.ERROR, true,
            "the agent's CA key can be read or written by others: whoever has it can issue client certificates",
            "chmod 0600 the CA key and 0700 its directory"),
    HBA_CERT_WITHOUT_CA("hba-cert-without-ca", Severity.ERROR, false,
            "a cert or clientcert rule needs a CA file (ssl_ca_file) to verify client certificates",
            "add tls.ca_bundle (or set ssl_ca_file)"),
    ROLE_UNEXPECTED_SUPERUSER("role-unexpected-superuser", Severity.ERROR, true,
            "a superuser the spec does not name: the spec names the allowed set",
            "add it to the spec with superuser: true, or remove it (unmanaged: {superusers: drift, drop: true})"),
    ROLE_LOGIN_WITHOUT_CREDENTIAL("role-login-without-credential", Severity.WARNING, false,
            "a LOGIN role without a password that no peer, ident or cert rule admits can never log in",
            "give it a password, a peer or cert rule, or NOLOGIN"),
    ROLE_UNREACHABLE("role-unreachable", Severity.WARNING, false,
            "no pg_hba.conf rule admits this LOGIN role, so it cannot connect",
            "add a rule for it or make it NOLOGIN"),
    ROLE_EXPIRED_LOGIN("role-expired-login", Severity.WARNING, false,
            "a LOGIN role whose valid_until is in the past: its password logins already fail",
            "extend valid_until, or make the role NOLOGIN or absent"),
    HBA_SHADOWED_RULE("hba-shadowed-rule", Severity.WARNING, false,
            "earlier rules match every connection this rule would match, and the first match wins",
            "remove the rule or move it above the rules that shadow it"),
    HBA_UNKNOWN_NAME("hba-unknown-name", Severity.WARNING, true,
            "the rule names a role or database that does not exist",
            "correct the name or remove it from the rule"),
    HBA_UNMANAGED_PERMISSIVE("hba-unmanaged-permissive", Severity.ERROR, true,
            "a line outside the agent's block is more permissive than every rule the spec manages",
            "move what it should allow into the spec, or remove the line"),
    LINT_UNKNOWN_IGNORE("lint-unknown-ignore", Severity.ERROR, false,
            "lint.ignore names a rule that does not exist, so it silences nothing",
            "use an id from the rules table");

    private final String id;
    private final Severity severity;
    private final boolean live;
    private final String why;
    private final String fix;

    Rule(String id, Severity severity, boolean live, String why, String fix) {
        this.id = id;
        this.severity = severity;
        this.live = live;
        this.why = why;
        this.fix = fix;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    /** True when only {@code audit} can check it: it needs the running server, its files or its catalog. */
    public boolean live() {
        return live;
    }

    public String why() {
        return why;
    }

    public String fix() {
        return fix;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
    }
}
