package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/**
 * The ADDRESS column of a host rule, as written ({@code written}: the one or two tokens, quoting kept) and as
 * PostgreSQL reads it. {@code network} and {@code mask} are set for {@link Form#CIDR} and
 * {@link Form#ADDRESS_AND_MASK}; {@code hostname} (unquoted) for {@link Form#HOSTNAME}.
 */
public record HbaAddress(Form form, String written, String hostname, NumericAddress network, NumericAddress mask) {

    /** How the address was given. */
    public enum Form { ALL, SAMEHOST, SAMENET, HOSTNAME, CIDR, ADDRESS_AND_MASK }

    public HbaAddress {
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(written, "written");
    }

    static HbaAddress keyword(Form form, String written) {
        return new HbaAddress(form, written, null, null, null);
    }

    public boolean isNumeric() {
        return network != null;
    }

    /** What the server's pg_hba_file_rules shows in {@code address}: the keyword, the host name, or the address. */
    public String viewAddress() {
        return isNumeric() ? network.toString() : switch (form) {
            case ALL -> "all";
            case SAMEHOST -> "samehost";
            case SAMENET -> "samenet";
            default -> hostname;
        };
    }

    /** What pg_hba_file_rules shows in {@code netmask}; null for keywords and host names. */
    public String viewNetmask() {
        return mask == null ? null : mask.toString();
    }
}
