package dev.pgstate.agent.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Spec} as the YAML the spec loader reads back to the same records. Keys are written in a fixed,
 * readable order (name first) and unset fields are left out. Quotes only where YAML needs them, but any name that
 * would read back as something else (a number, a boolean, {@code null}, leading spaces) is quoted.
 */
public final class SpecYamlWriter {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final ObjectWriter YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    // "007" must stay the role 007, not become the number 7
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build())
            .build()
            .writer();

    /** The YAML text; {@code header} lines become leading comments. */
    public String write(Spec spec, List<String> header) {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append("# ").append(line).append('\n'));
        try {
            return out.append(YAML.writeValueAsString(document(spec))).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of maps, lists and scalars always serializes", e);
        }
    }

    private static Map<String, Object> document(Spec spec) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (!spec.connection().equals(ConnectionSpec.EMPTY)) {
            document.put("connection", connection(spec.connection()));
        }
        document.put("roles", spec.roles().stream().map(SpecYamlWriter::role).toList());
        document.put("databases", spec.databases().stream().map(SpecYamlWriter::written).toList());
        return document;
    }

    private static Map<String, Object> connection(ConnectionSpec connection) {
        Fields fields = new Fields();
        fields.put("host", connection.host());
        fields.put("port", connection.port());
        fields.put("user", connection.user());
        fields.put("database", connection.database());
        fields.put("sslmode", connection.sslmode());
        fields.put("sslrootcert", connection.sslrootcert());
        fields.put("sslcert", connection.sslcert());
        fields.put("sslkey", connection.sslkey());
        fields.put("requirepeer", connection.requirepeer());
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
     * A spec record (a database) as people write it, its components by their spec keys in declaration order, nested records (such as
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
