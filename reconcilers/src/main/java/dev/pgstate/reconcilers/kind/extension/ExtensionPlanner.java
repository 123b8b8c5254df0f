package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Classifies each extension a database's spec names against what the database has and what the server offers. Pure.
 * An extension or version the server does not offer is a problem at plan time, before anything is changed; one that
 * needs a preloaded library the server does not load is a warning, as CREATE EXTENSION works but the extension does
 * not. Extensions the spec does not name are never touched nor listed: every database has some (plpgsql).
 */
final class ExtensionPlanner {

    private static final String PRELOAD_SETTING = "shared_preload_libraries";

    private final LiveExtensions live;
    private final Findings out;

    ExtensionPlanner(LiveExtensions live, Findings out) {
        this.live = live;
        this.out = out;
    }

    void plan(Spec spec) {
        Optional<List<String>> preloadAfterApply = spec.server().desired().stream()
                .filter(setting -> setting.name().toLowerCase(Locale.ROOT).equals(PRELOAD_SETTING))
                .findFirst().map(setting -> Preload.libraries(setting.value()));
        ExtensionKind.EXTENSIONS.plan(spec, live.unreadable(), out, (database, wanted) -> {
            plan(database, wanted);
            if (wanted.state() == State.PRESENT) {
                warnUnlessPreloaded(database, wanted.name(), preloadAfterApply);
            }
        });
    }

    private void plan(String database, ExtensionSpec wanted) {
        LiveExtension existing = live.in(database).get(wanted.name());
        Address address = ExtensionKind.address(database, wanted.name());
        if (wanted.state() == State.ABSENT) {
            if (existing != null) {
                out.changes.add(new DropExtension(database, wanted.name(), existing.version(), wanted.cascades()));
            }
            return;
        }
        Optional<AvailableExtension> offered = live.available(wanted.name());
        if (existing == null) {
            if (offered.isEmpty()) {
                out.problems.add(address + ": the server has no extension \"" + wanted.name()
                        + "\" (pg_available_extensions): install its package on the server's box first");
            } else if (offers(address, offered.get(), wanted.version())) {
                String version = wanted.version() != null ? wanted.version() : offered.get().defaultVersion();
                out.changes.add(new CreateExtension(database, wanted.name(), version, wanted.schema(),
                        wanted.cascades()));
            }
            return;
        }
        List<AttributeChange<ExtensionAttribute>> changed = new ArrayList<>();
        if (wanted.version() != null && !wanted.version().equals(existing.version())
                && offered.map(available -> reaches(address, available, existing.version(), wanted.version()))
                .orElseGet(() -> missing(address, wanted.version()))) {
            changed.add(new AttributeChange<>(ExtensionAttribute.VERSION, existing.version(), wanted.version()));
        }
        if (wanted.schema() != null && !wanted.schema().equals(existing.schema())) {
            if (existing.relocatable()) {
                changed.add(new AttributeChange<>(ExtensionAttribute.SCHEMA, existing.schema(), wanted.schema()));
            } else {
                out.manualActions.add(new ManualAction(address, ExtensionAttribute.SCHEMA.key(), wanted.schema(),
                        existing.schema(), "the extension cannot be moved (it is not relocatable): only dropping it "
                        + "and creating it in the new schema would, which takes what depends on it too"));
            }
        }
        if (!changed.isEmpty()) {
            out.changes.add(new AlterExtension(database, wanted.name(), changed));
        }
    }

    /** Whether the server has a script for {@code version}; a problem when it has not. */
    private boolean offers(Address address, AvailableExtension offered, String version) {
        if (version == null || offered.offers(version)) {
            return true;
        }
        out.problems.add(address + ": the server has no version \"" + version + "\" of \"" + offered.name()
                + "\"; it offers " + String.join(", ", offered.versions()));
        return false;
    }

    /** Whether the server offers {@code to} and a path of update scripts to it; a problem when not (a downgrade). */
    private boolean reaches(Address address, AvailableExtension offered, String from, String to) {
        if (!offers(address, offered, to)) {
            return false;
        }
        if (!offered.updates(from, to)) {
            out.problems.add(address + ": the server has no update path from version \"" + from + "\" to \"" + to
                    + "\" of \"" + offered.name() + "\" (pg_extension_update_paths); going back needs dropping and "
                    + "creating it again, which a person must decide");
            return false;
        }
        return true;
    }

    /** An installed extension whose control file is gone: no version can be installed. */
    private boolean missing(Address address, String version) {
        out.problems.add(address + ": the server no longer has the extension's files, so it cannot update it to \""
                + version + "\"");
        return false;
    }

    private void warnUnlessPreloaded(String database, String extension, Optional<List<String>> preloadAfterApply) {
        Optional<String> library = Preload.libraryOf(extension);
        if (library.isEmpty()) {
            return;
        }
        Address address = ExtensionKind.address(database, extension);
        String needs = "\"" + extension + "\" works only with " + library.get() + " in " + PRELOAD_SETTING;
        if (preloadAfterApply.isPresent()) {
            if (!preloadAfterApply.get().contains(library.get())) {
                out.warnings.add(new Warning(address, needs + ", which the spec's server.settings leaves out"));
            }
        } else if (live.preloaded() == null) {
            out.warnings.add(new Warning(address, needs + "; the agent cannot read that setting (it needs "
                    + "pg_read_all_settings) to tell whether the server loads it"));
        } else if (!live.preloaded().contains(library.get())) {
            out.warnings.add(new Warning(address, needs + ", which the server does not load: add it under "
                    + "server.settings (a restart)"));
        }
    }
}
