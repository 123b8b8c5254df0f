package dev.pgstate.agent.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.model.text.Printable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link Spec} as the YAML the spec loader reads back to the same records. Keys are written in a fixed,
 * readable order (name first) and unset fields are left out. Quotes only where YAML needs them, but any name that
 * would read back as something else (a number, a boolean, {@code null}, leading spaces) is quoted.
 */
public final class SpecYamlWriter {

    /** A key line: its indent and a plain key, as YAML writes the server section's. */
    private static final Pattern KEY = Pattern.compile("( *)([A-Za-z_][A-Za-z0-9_.$]*):(?: |\\n)");
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final ObjectWriter YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    // "007" must stay the role 007, not become the number 7
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    // a long comment or value stays on its line, as a person would write it
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .stringQuotingChecker(new EscapingYamlBreaks())
                    .build())
            .build()
            .writer();

    /** The YAML text; {@code header} lines become leading comments. */
    public String write(Spec spec, List<String> header) {
        return write(spec, header, Map.of());
    }

    /**
     * The YAML text; {@code header} lines become leading comments, and each of {@code origins} (a spec key such as
     * {@code server.settings.work_mem} → where its value comes from) a comment line above that key.
     */
    public String write(Spec spec, List<String> header, Map<String, String> origins) {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(comment("", line)));
        // one top-level key at a time, so that each section's lines are known to be its own
        document(spec).forEach((key, value) -> out.append(withOrigins(key, yaml(Map.of(key, value)), origins)));
        return out.toString();
    }

    private static String yaml(Map<String, Object> section) {
        try {
            return YAML.writeValueAsString(section);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of maps, lists and scalars always serializes", e);
        }
    }

    /**
     * {@code text} of the top-level {@code section} with a comment line above each key whose origin is known: keys of
     * the section itself (two blanks in) and of its maps (four blanks in, e.g. {@code settings}). Parameter names
     * and the server section's keys are plain words, which YAML never quotes.
     */
    private static String withOrigins(String section, String text, Map<String, String> origins) {
        StringBuilder out = new StringBuilder();
        String parent = section;
        for (String line : text.split("(?<=\n)")) {
            Matcher key = KEY.matcher(line);
            if (key.lookingAt()) {
                String indent = key.group(1);
                String path = indent.length() == 2 ? section + "." + key.group(2)
                        : indent.length() == 4 ? parent + "." + key.group(2) : null;
                if (indent.length() == 2) {
                    parent = path;
                }
                if (path != null && origins.containsKey(path)) {
                    out.append(comment(indent, origins.get(path)));
                }
            }
            out.append(line);
        }
        return out.toString();
    }

    /** A comment line; its text can never end it early (a line break in a file name is shown escaped). */
    private static String comment(String indent, String text) {
        return indent + "# " + Printable.escape(text) + "\n";
    }

    private static Map<String, Object> document(Spec spec) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (!spec.connection().equals(ConnectionSpec.EMPTY)) {
            document.put("connection", written(spec.connection()));
        }
        document.put("roles", spec.roles().stream().map(SpecYamlWriter::role).toList());
        document.put("databases", spec.databases().stream().map(SpecYamlWriter::written).toList());
        if (spec.server().managesSettings()) {
            document.put("server", server(spec.server()));
        }
        if (spec.hba() != null) {
            document.put("hba", hba(spec.hba()));
        }
        if (spec.tls() != null) {
            document.put("tls", tls(spec.tls()));
        }
        return document;
    }

    /** The parameters only: how they are written and restarted stays at the defaults, as an export sets none. */
    private static Map<String, Object> server(ServerSpec server) {
        Fields fields = new Fields();
        fields.put("listen_addresses", server.listenAddresses());
        fields.put("port", server.port());
        fields.put("password_encryption", server.passwordEncryption());
        fields.put("settings", server.settings().isEmpty() ? null : server.settings());
        fields.put("reset", server.reset().isEmpty() ? null : server.reset());
        return fields.map;
    }

    private static Map<String, Object> hba(HbaSpec hba) {
        Fields fields = new Fields();
        fields.put("ownership", hba.ownership());
        fields.put("position", hba.ownership().equals(HbaSpec.WHOLE_FILE) ? null : hba.position());
        fields.put("rules", hba.rules().stream().map(SpecYamlWriter::rule).toList());
        fields.put("must_keep", written(hba.mustKeep()));
        return fields.map;
    }

    private static Map<String, Object> rule(HbaRuleSpec rule) {
        Fields fields = new Fields();
        fields.put("type", rule.type());
        fields.put("databases", rule.databases());
        fields.put("users", rule.users());
        fields.put("address", rule.address());
        fields.put("method", rule.method());
        fields.put("options", rule.options().isEmpty() ? null : rule.options());
        fields.put("comment", rule.comment());
        return fields.map;
    }

    /** The files, each as its record is written; renewal and the state directory only where they differ. */
    private static Map<String, Object> tls(TlsSpec tls) {
        Fields fields = new Fields();
        fields.put("ca", written(tls.ca()));
        fields.put("certificate", written(tls.certificate()));
        fields.put("key", written(tls.key()));
        fields.put("ca_bundle", written(tls.caBundle()));
        fields.put("crl", written(tls.crl()));
        fields.put("hostnames", written(tls.hostnames()));
        fields.put("addresses", written(tls.addresses()));
        fields.put("renew_before", tls.renewBefore().equals(TlsSpec.DEFAULT_RENEW_BEFORE) ? null : tls.renewBefore());
        fields.put("state_directory", tls.stateDirectory().equals(TlsSpec.DEFAULT_STATE_DIRECTORY) ? null
                : tls.stateDirectory());
        return fields.map;
    }

    private static Map<String, Object> role(RoleSpec role) {
        Fields fields = new Fields();
        fields.put("name", role.name());
        fields.put("state", role.state() == State.ABSENT ? "absent" : null);
        fields.put("superuser", role.superuser());
        fields.put("createdb", role.createdb());
        fields.put("createrole", role.createrole());
        fields.put("inherit", role.inherit());
        fields.put("login", role.login());
        fields.put("replication", role.replication());
        fields.put("bypassrls", role.bypassrls());
        fields.put("connection_limit", role.connectionLimit());
        fields.put("valid_until", role.validUntil());
        fields.put("member_of", role.managesMemberships()
                ? role.memberOf().stream().map(SpecYamlWriter::membership).toList() : null);
        fields.put("reassign_owned_to", role.reassignOwnedTo());
        fields.put("password", password(role.password()));
        fields.put("settings", role.settings());
        return fields.map;
    }

    /** Only {@code none}: export never writes out where a password is, let alone what it is. */
    private static String password(PasswordSource password) {
        if (password == null) {
            return null;
        }
        if (password instanceof PasswordSource.None) {
            return "none";
        }
        throw new IllegalArgumentException("only password: none is written; a password source is never exported");
    }

    /** A bare role name when no option is managed, as people write it. */
    private static Object membership(MembershipSpec membership) {
        if (membership.admin() == null && membership.inherit() == null && membership.set() == null) {
            return membership.role();
        }
        Fields fields = new Fields();
        fields.put("role", membership.role());
        fields.put("admin", membership.admin());
        fields.put("inherit", membership.inherit());
        fields.put("set", membership.set());
        return fields.map;
    }

    /**
     * A spec record (a database, the connection) as people write it, its components by their spec keys in declaration order, nested records (such as
     * its extensions) alike: whatever the spec model gains is written without a line here. Unset values (null, an
     * empty list) and {@code state: present}, the default, are left out.
     */
    private static Object written(Object value) {
        if (value instanceof Record record) {
            Fields fields = new Fields();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                fields.put(SNAKE_CASE.translate(component.getName()), written(valueOf(component, record)));
            }
            return fields.map;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : list.stream().map(SpecYamlWriter::written).toList();
        }
        if (value instanceof State state) {
            return state == State.ABSENT ? "absent" : null;
        }
        return value;
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a spec record", e);
        }
    }

    /**
     * Double quotes, with their escapes ({@code \r}, {@code \N}, {@code \L}, {@code \P}), for text holding a
     * character YAML 1.1 reads as a line break besides {@code \n} (which goes into a literal block): written bare, a
     * carriage return or NEL is folded into a space on reading, so a role {@code x<NEL>y} came back as {@code x y},
     * and LS or PS split the line, which only a YAML 1.1 reader joins again exactly.
     */
    private static final class EscapingYamlBreaks extends StringQuotingChecker.Default {
        private static final Pattern YAML_BREAK = Pattern.compile("[\\r\\u0085\\u2028\\u2029]");

        @Override
        public boolean needToQuoteName(String name) {
            return super.needToQuoteName(name) || YAML_BREAK.matcher(name).find();
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || YAML_BREAK.matcher(value).find();
        }
    }

    /** An ordered map that skips unset values, since null means "not managed" in a spec. */
    private static final class Fields {
        final Map<String, Object> map = new LinkedHashMap<>();

        void put(String key, Object value) {
            if (value != null) {
                map.put(key, value);
            }
        }
    }
}
