package dev.pgstate.model.spec;

/**
 * The CA the agent issues from: {@code create: true} makes one on first use and keeps its key in the state
 * directory; {@code adopt} takes an existing certificate and key from files on the box.
 *
 * @param commonName the subject CN of a created CA; {@code null}: {@value #DEFAULT_COMMON_NAME}
 * @param validFor   how long a created CA is valid, in days ({@code 3650d})
 * @param rotate     how a created CA is replaced once the spec names another; {@code null}: it is not, and a
 *                   changed name or lifetime is refused
 */
public record TlsCaSpec(Boolean create, Adopted adopt, String commonName, String validFor, Rotate rotate) {

    public static final String DEFAULT_COMMON_NAME = "pgstate CA";
    public static final String DEFAULT_VALID_FOR = "3650d";

    public TlsCaSpec {
        commonName = commonName == null ? DEFAULT_COMMON_NAME : commonName;
        validFor = validFor == null ? DEFAULT_VALID_FOR : validFor;
    }

    public int validForDays() {
        return TlsSpec.days(validFor);
    }

    public boolean creates() {
        return Boolean.TRUE.equals(create);
    }

    /** An existing CA's certificate and private key, both PEM files on the box. */
    public record Adopted(String cert, String key) {
    }

    /**
     * A rotation to a new created CA: both are trusted for {@code overlap} days ({@code 30d}), while clients move to
     * certificates of the new one; then the old one is retired.
     */
    public record Rotate(String overlap) {

        public int overlapDays() {
            return TlsSpec.days(overlap);
        }
    }
}
