package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.NumericAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The client's host name as the server establishes it for host-name rules: a reverse lookup of the client's
 * address, kept only when a forward lookup of that name gives the address back. The agent runs on the server's
 * box, so it asks the same resolver; when it cannot (a lookup fails, or lookups are turned off) the rule stays
 * undecided rather than guessed.
 */
public interface HostNames {

    /** The confirmed name of {@code client}, or why there is none to compare with. */
    Lookup lookUp(NumericAddress client);

    /** A confirmed host name, or the reason a host-name rule cannot be decided. */
    record Lookup(String name, String failure) {
        public Lookup {
            if ((name == null) == (failure == null)) {
                throw new IllegalArgumentException("a lookup has a name or a failure");
            }
        }

        static Lookup found(String name) {
            return new Lookup(Objects.requireNonNull(name), null);
        }

        static Lookup failed(String why) {
            return new Lookup(null, Objects.requireNonNull(why));
        }

        public boolean succeeded() {
            return name != null;
        }

        /**
         * The server's comparison: case-insensitive (ASCII, as {@code pg_strcasecmp}), and a pattern starting with a
         * dot matches any name ending with it.
         */
        public boolean matches(String pattern) {
            String actual = asciiLowerCase(name);
            String wanted = asciiLowerCase(pattern);
            return wanted.startsWith(".") ? actual.endsWith(wanted) : actual.equals(wanted);
        }

        private static String asciiLowerCase(String text) {
            StringBuilder lower = new StringBuilder(text.length());
            text.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
            return lower.toString();
        }
    }

    /**
     * The box's resolver through the JDK, which does what the server does: {@code getnameinfo} for the name, then
     * {@code getaddrinfo} of that name must list the address (otherwise the JDK answers with the address itself).
     */
    static HostNames system() {
        return client -> {
            try {
                InetAddress address = InetAddress.getByAddress(client.bytes());
                String name = address.getCanonicalHostName();
                return name.equals(address.getHostAddress())
                        ? Lookup.failed("the reverse lookup of " + client + " gave no name confirmed by a forward lookup")
                        : Lookup.found(name);
            } catch (UnknownHostException e) {
                return Lookup.failed("the address " + client + " cannot be looked up: " + e.getMessage());
            }
        };
    }

    /** No lookups at all ({@code --no-resolve}): every host-name rule the connection reaches is undecided. */
    static HostNames none() {
        return client -> Lookup.failed("host names are not looked up (--no-resolve)");
    }
}
