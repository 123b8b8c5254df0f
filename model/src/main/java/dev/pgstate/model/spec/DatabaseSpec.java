package dev.pgstate.model.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A database as the spec wants it; {@code null} attributes are not managed. Encoding and the locale
 * fields can only be chosen at creation: a difference on a live database is reported for manual action.
 * {@code template} is used only when creating. {@code forceDrop}: with {@code state: absent}, drop it even while
 * clients are connected, ending their sessions ({@code DROP DATABASE … WITH (FORCE)}, PostgreSQL 13+).
 * {@code schemas} and {@code extensions}: those it must have or not have, by name; the schemas and extensions it does
 * not name are left alone.
 * {@code settings}: the parameters its sessions start with (ALTER DATABASE … SET), exactly these when given (others
 * it has are reset), left alone when {@code null}.
 */
public record DatabaseSpec(
        String name,
        State state,
        String owner,
        String encoding,
        String locale,
        String lcCollate,
        String lcCtype,
        String template,
        Integer connectionLimit,
        Boolean allowConnections,
        Boolean isTemplate,
        Boolean forceDrop,
        List<SchemaSpec> schemas,
        List<ExtensionSpec> extensions,
        Map<String, String> settings) {

    public DatabaseSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        settings = ObjectSettings.copy(settings);
    }

    /** A database that must exist, with every attribute left unmanaged. */
    public static DatabaseSpec named(String name) {
        return builder(name).build();
    }

    /** This database with {@code wanted} as its extensions. */
    public DatabaseSpec withExtensions(List<ExtensionSpec> wanted) {
        return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                allowConnections, isTemplate, forceDrop, schemas, wanted, settings);
    }

    /** This database with {@code wanted} as its schemas. */
    public DatabaseSpec withSchemas(List<SchemaSpec> wanted) {
        return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                allowConnections, isTemplate, forceDrop, wanted, extensions, settings);
    }

    /** This database with these settings of its own (ALTER DATABASE … SET); {@code null} leaves them unmanaged. */
    public DatabaseSpec withSettings(Map<String, String> parameters) {
        return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                allowConnections, isTemplate, forceDrop, schemas, extensions, parameters);
    }

    /** A database named {@code name}, every attribute unmanaged until set on the builder. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Names the attributes a database manages; those never set stay {@code null}, that is unmanaged. */
    public static final class Builder extends ObjectSpecBuilder<Builder> {
        private String owner;
        private String encoding;
        private String locale;
        private String lcCollate;
        private String lcCtype;
        private String template;
        private Boolean allowConnections;
        private Boolean isTemplate;
        private Boolean forceDrop;
        private List<SchemaSpec> schemas;
        private List<ExtensionSpec> extensions;

        private Builder(String name) {
            super(name);
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder encoding(String encoding) {
            this.encoding = encoding;
            return this;
        }

        public Builder locale(String locale) {
            this.locale = locale;
            return this;
        }

        public Builder lcCollate(String lcCollate) {
            this.lcCollate = lcCollate;
            return this;
        }

        public Builder lcCtype(String lcCtype) {
            this.lcCtype = lcCtype;
            return this;
        }

        public Builder template(String template) {
            this.template = template;
            return this;
        }

        public Builder allowConnections(Boolean allowConnections) {
            this.allowConnections = allowConnections;
            return this;
        }

        public Builder isTemplate(Boolean isTemplate) {
            this.isTemplate = isTemplate;
            return this;
        }

        public Builder forceDrop(Boolean forceDrop) {
            this.forceDrop = forceDrop;
            return this;
        }

        public Builder schemas(List<SchemaSpec> schemas) {
            this.schemas = schemas;
            return this;
        }

        public Builder extensions(List<ExtensionSpec> extensions) {
            this.extensions = extensions;
            return this;
        }

        public DatabaseSpec build() {
            return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                    allowConnections, isTemplate, forceDrop, schemas, extensions, settings);
        }
    }
}
