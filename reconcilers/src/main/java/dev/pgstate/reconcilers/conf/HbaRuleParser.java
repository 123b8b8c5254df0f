package dev.pgstate.reconcilers.conf;

import dev.pgstate.reconcilers.regex.PgRegex;
import dev.pgstate.reconcilers.regex.PgRegexException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the fields of one line into a rule, or the error PostgreSQL would report for it, following the order of
 * checks in the server's {@code parse_hba_line} so the same lines fail (messages use the server's wording).
 */
final class HbaRuleParser {

    private final HbaGrammar grammar;

    HbaRuleParser(HbaGrammar grammar) {
        this.grammar = grammar;
    }

    /**
     * @param written  the fields as written (for the rule's database and user tokens)
     * @param expanded the same fields after {@code @file} expansion (what the server parses)
     */
    HbaEntry parse(List<List<HbaToken>> written, List<List<HbaToken>> expanded) {
        try {
            return parseOrThrow(written, expanded);
        } catch (LineError e) {
            return HbaEntry.Invalid.fatal(e.getMessage());
        }
    }

    private HbaEntry parseOrThrow(List<List<HbaToken>> written, List<List<HbaToken>> fields) throws LineError {
        Fields in = new Fields(fields);
        HbaToken typeToken = in.single("connection type", "end-of-line before connection type");
        ConnectionType type = ConnectionType.of(typeToken.text()).filter(grammar::knowsConnectionType)
                .orElseThrow(() -> new LineError("invalid connection type \"" + typeToken.text() + "\""));
        String warning = warningFor(type);

        List<HbaToken> databases = in.list("end-of-line before database specification");
        checkRegexes(databases);
        List<HbaToken> users = in.list("end-of-line before role specification");
        checkRegexes(users);
        HbaAddress address = type.isLocal() ? null : new AddressParser(in).parse();

        String method = in.single("authentication type", "end-of-line before authentication method").text();
        checkMethod(type, method);
        List<HbaOption> options = new ArrayList<>();
        while (in.hasMore()) {
            for (HbaToken token : in.next()) {
                int eq = token.text().indexOf('=');
                if (eq < 0) {
                    throw new LineError("authentication option not in name=value format: " + token.text());
                }
                options.add(new HbaOption(token.text().substring(0, eq), token.text().substring(eq + 1)));
            }
        }
        boolean sameShape = written.size() == fields.size();
        HbaRule rule = new HbaRule(type, sameShape ? written.get(1) : databases, sameShape ? written.get(2) : users,
                address, method, options, databases, users);
        new HbaOptionRules(grammar).check(rule);
        return warning == null ? rule : new HbaEntry.Invalid(warning, rule);
    }

    /** Rules that load but can never match on this server: PostgreSQL reports them without rejecting the file. */
    private String warningFor(ConnectionType type) {
        if (type == ConnectionType.HOSTSSL && !grammar.sslEnabled()) {
            return "hostssl record cannot match because SSL is disabled";
        }
        if (type == ConnectionType.HOSTGSSENC && grammar.unsupportedMethods().contains("gss")) {
            return "hostgssenc record cannot match because GSSAPI is not supported by this build";
        }
        return null;
    }

    /**
     * A regular expression the server rejects makes the line fatal, with the server's reason; one pgstate cannot
     * evaluate exactly as the server does is fatal too, so explain and the lockout check never guess who it matches.
     */
    private void checkRegexes(List<HbaToken> tokens) throws LineError {
        for (HbaToken token : tokens) {
            if (token.isRegex(grammar)) {
                String pattern = token.text().substring(1);
                try {
                    PgRegex.compile(pattern);
                } catch (PgRegexException e) {
                    throw new LineError(e.refusedByServer()
                            ? "invalid regular expression \"" + pattern + "\": " + e.reason()
                            : "regular expression \"" + pattern + "\" cannot be evaluated exactly: " + e.reason());
                }
            }
        }
    }

    private void checkMethod(ConnectionType type, String method) throws LineError {
        if (!grammar.methods().contains(method)) {
            throw new LineError("invalid authentication method \"" + method + "\"");
        }
        if (method.equals("oauth") && grammar.unsupportedMethods().contains(method)) {
            throw new LineError("oauth_validator_libraries must be set for authentication method oauth");
        }
        if (grammar.unsupportedMethods().contains(method)) {
            throw new LineError("invalid authentication method \"" + method + "\": not supported by this build");
        }
        String effective = type.isLocal() && method.equals("ident") ? "peer" : method;
        if (type.isLocal() && effective.equals("gss")) {
            throw new LineError("gssapi authentication is not supported on local sockets");
        }
        if (!type.isLocal() && effective.equals("peer")) {
            throw new LineError("peer authentication is only supported on local sockets");
        }
        if (type != ConnectionType.HOSTSSL && effective.equals("cert")) {
            throw new LineError("cert authentication is only supported on hostssl connections");
        }
    }

    /** The ADDRESS column: one token, or an address followed by a mask column. */
    private static final class AddressParser {
        private final Fields in;

        AddressParser(Fields in) {
            this.in = in;
        }

        HbaAddress parse() throws LineError {
            HbaToken token = in.single("host address", "end-of-line before IP address specification");
            if (token.isKeyword("all")) {
                return HbaAddress.keyword(HbaAddress.Form.ALL, token.written());
            }
            if (token.isKeyword("samehost")) {
                return HbaAddress.keyword(HbaAddress.Form.SAMEHOST, token.written());
            }
            if (token.isKeyword("samenet")) {
                return HbaAddress.keyword(HbaAddress.Form.SAMENET, token.written());
            }
            String text = token.text();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            Optional<NumericAddress> numeric = NumericAddress.parse(host);
            if (numeric.isEmpty()) {
                if (slash >= 0) {
                    throw new LineError("specifying both host name and CIDR mask is invalid: \"" + text + "\"");
                }
                return new HbaAddress(HbaAddress.Form.HOSTNAME, token.written(), text, null, null);
            }
            if (slash >= 0) {
                NumericAddress mask = numeric.get().cidrMask(text.substring(slash + 1))
                        .orElseThrow(() -> new LineError("invalid CIDR mask in address \"" + text + "\""));
                return new HbaAddress(HbaAddress.Form.CIDR, token.written(), null, numeric.get(), mask);
            }
            HbaToken maskToken = in.single("netmask", "end-of-line before netmask specification");
            NumericAddress mask = NumericAddress.parse(maskToken.text())
                    .orElseThrow(() -> new LineError("invalid IP mask \"" + maskToken.text() + "\""));
            if (mask.isIpv6() != numeric.get().isIpv6()) {
                throw new LineError("IP address and mask do not match");
            }
            return new HbaAddress(HbaAddress.Form.ADDRESS_AND_MASK, token.written() + " " + maskToken.written(), null,
                    numeric.get(), mask);
        }
    }

    /** The fields of a line, read left to right. */
    private static final class Fields {
        private final List<List<HbaToken>> fields;
        private int next;

        Fields(List<List<HbaToken>> fields) {
            this.fields = fields;
        }

        boolean hasMore() {
            return next < fields.size();
        }

        List<HbaToken> next() {
            return fields.get(next++);
        }

        List<HbaToken> list(String missing) throws LineError {
            if (!hasMore()) {
                throw new LineError(missing);
            }
            return next();
        }

        HbaToken single(String what, String missing) throws LineError {
            List<HbaToken> tokens = list(missing);
            if (tokens.size() > 1) {
                throw new LineError("multiple values specified for " + what);
            }
            return tokens.get(0);
        }
    }

    /** The one error that ends parsing a line, in the server's words. */
    static final class LineError extends Exception {
        LineError(String message) {
            super(message, null, false, false);
        }
    }
}
