package dev.pgstate.model.validate;

import dev.pgstate.model.load.FieldPath;
import dev.pgstate.model.spec.HbaOptionMethods;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MustKeepSpec;
import dev.pgstate.model.spec.Spec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * pg_hba rules that no PostgreSQL version 11–18 would accept: an unknown type or method, an address on a
 * {@code local} rule or none on a host rule, an IP address without a mask, an option the method does not take.
 * What depends on the server's version or build (e.g. {@code hostgssenc} before 12, {@code oauth} before 18) is
 * checked when planning against the server.
 */
final class HbaRuleSpecRule implements SpecRule {

    private static final List<String> ADDRESS_KEYWORDS = List.of("all", "samehost", "samenet");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%\\w+)?");
    private static final Pattern CIDR = Pattern.compile("(.+)/(\\d{1,3})");

    @Override
    public void check(Spec spec, Problems problems) {
        HbaSpec hba = spec.hba();
        if (hba == null) {
            return;
        }
        if (!HbaSpec.OWNERSHIPS.contains(hba.ownership())) {
            problems.add("hba.ownership", "expected whole-file or managed-block, found \"" + hba.ownership() + "\"");
        }
        if (!HbaSpec.POSITIONS.contains(hba.position())) {
            problems.add("hba.position", "expected top or bottom, found \"" + hba.position() + "\"");
        }
        for (int i = 0; i < hba.rules().size(); i++) {
            checkRule(hba.rules().get(i), FieldPath.index("hba.rules", i), problems);
        }
        for (int i = 0; i < hba.mustKeep().size(); i++) {
            checkMustKeep(hba.mustKeep().get(i), FieldPath.index("hba.must_keep", i), problems);
        }
    }

    private static void checkRule(HbaRuleSpec rule, String at, Problems problems) {
        boolean local = rule.type().equals("local");
        if (!HbaRuleSpec.TYPES.contains(rule.type())) {
            problems.add(FieldPath.key(at, "type"), "expected one of " + String.join(", ", HbaRuleSpec.TYPES) + ", found \"" + rule.type() + "\"");
        }
        if (!HbaRuleSpec.METHODS.contains(rule.method())) {
            problems.add(FieldPath.key(at, "method"), "unknown method \"" + rule.method() + "\"; expected one of "
                    + String.join(", ", HbaRuleSpec.METHODS));
        }
        if (rule.databases().isEmpty() || rule.users().isEmpty()) {
            problems.add(FieldPath.key(at, rule.databases().isEmpty() ? "databases" : "users"), "must name at least one entry");
        }
        if (local && rule.address() != null) {
            problems.add(FieldPath.key(at, "address"), "a local rule matches Unix-socket connections and has no address");
        } else if (!local && rule.address() == null) {
            problems.add(FieldPath.key(at, "address"), "a " + rule.type() + " rule needs an address (all, samehost, samenet, a CIDR or a host name)");
        } else if (!local) {
            checkAddress(rule.address(), FieldPath.key(at, "address"), problems);
        }
        if (local && List.of("gss", "cert").contains(rule.method())) {
            problems.add(FieldPath.key(at, "method"), rule.method() + " is not available on local rules");
        }
        if (!local && rule.method().equals("peer")) {
            problems.add(FieldPath.key(at, "method"), "peer works only on local rules; use ident or a password method over TCP");
        }
        if (!rule.type().equals("hostssl") && rule.method().equals("cert")) {
            problems.add(FieldPath.key(at, "method"), "cert works only on hostssl rules");
        }
        for (String option : rule.options().keySet()) {
            checkOption(rule, option, FieldPath.key(FieldPath.key(at, "options"), option), problems);
        }
    }

    private static void checkAddress(String address, String field, Problems problems) {
        String[] parts = address.trim().split("\\s+");
        if (ADDRESS_KEYWORDS.contains(parts[0]) && parts.length == 1) {
            return;
        }
        var cidr = CIDR.matcher(parts[0]);
        String ip = cidr.matches() ? cidr.group(1) : parts[0];
        boolean numeric = IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches();
        if (!numeric) {
            if (cidr.matches() || parts.length > 1) {
                problems.add(field, "a host name takes no mask: \"" + address + "\"");
            }
            return;
        }
        int maxBits = ip.contains(":") ? 128 : 32;
        if (cidr.matches() && Integer.parseInt(cidr.group(2)) > maxBits) {
            problems.add(field, "the mask of \"" + address + "\" is longer than " + maxBits + " bits");
        } else if (!cidr.matches() && parts.length == 1) {
            problems.add(field, "an IP address needs a mask: write \"" + address + (maxBits == 32 ? "/32" : "/128")
                    + "\" for this one host, or the network in CIDR form");
        } else if (parts.length > 2 || (cidr.matches() && parts.length > 1)) {
            problems.add(field, "expected an address with /bits or an address and a mask, found \"" + address + "\"");
        }
    }

    private static void checkOption(HbaRuleSpec rule, String option, String field, Problems problems) {
        if (option.equals("clientcert") || option.equals("clientname")) {
            if (!rule.type().equals("hostssl")) {
                problems.add(field, option + " works only on hostssl rules");
            }
            return;
        }
        List<String> methods = HbaOptionMethods.methodsFor(option);
        if (methods == null) {
            problems.add(field, "unknown option \"" + option + "\"");
        } else if (!methods.contains(rule.method())) {
            problems.add(field, "option " + option + " does not fit method " + rule.method()
                    + "; it is for " + String.join(", ", methods));
        }
    }

    private static void checkMustKeep(MustKeepSpec keep, String at, Problems problems) {
        if (keep.user() == null) {
            problems.add(FieldPath.key(at, "user"), "user is required");
        }
        if (keep.local() == (keep.address() != null)) {
            problems.add(at, "give either local: true or an address, not both and not neither");
        }
        if (keep.local() && keep.ssl()) {
            problems.add(FieldPath.key(at, "ssl"), "Unix-socket connections have no SSL");
        }
    }
}
