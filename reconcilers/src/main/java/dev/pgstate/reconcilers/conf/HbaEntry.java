package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/** What one logical line of pg_hba.conf is: nothing (blank or comment), a rule, an include directive, or an error. */
public sealed interface HbaEntry permits HbaEntry.Blank, HbaRule, HbaEntry.Include, HbaEntry.Invalid {

    /** Empty or only a comment: no effect on who gets in. */
    record Blank() implements HbaEntry {
    }

    /** {@code include}, {@code include_if_exists} or {@code include_dir} (16+); the target is relative to the including file. */
    record Include(Kind kind, String target) implements HbaEntry {
        public enum Kind {
            INCLUDE("include"), INCLUDE_IF_EXISTS("include_if_exists"), INCLUDE_DIR("include_dir");

            private final String keyword;

            Kind(String keyword) {
                this.keyword = keyword;
            }

            public String keyword() {
                return keyword;
            }

            static java.util.Optional<Kind> of(String keyword) {
                return java.util.Arrays.stream(values()).filter(k -> k.keyword.equals(keyword)).findFirst();
            }
        }

        public Include {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * A line PostgreSQL rejects. {@code fatal} means the whole file would be rejected (the server keeps the old
     * rules on reload and does not start with it); otherwise {@code rule} is loaded but can never match (e.g.
     * {@code hostssl} while SSL is off), which PostgreSQL reports as a warning.
     */
    record Invalid(String message, HbaRule rule) implements HbaEntry {
        public Invalid {
            Objects.requireNonNull(message, "message");
        }

        static Invalid fatal(String message) {
            return new Invalid(message, null);
        }

        public boolean fatal() {
            return rule == null;
        }
    }
}
