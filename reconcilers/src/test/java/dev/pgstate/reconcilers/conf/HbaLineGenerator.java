package dev.pgstate.reconcilers.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded pg_hba.conf lines, valid and invalid, using only the syntax the given major version has (continuation
 * from 14, regular expressions and includes from 16, oauth on 18). About a third of the lines carry a mistake.
 * The referenced helper files ({@code names.list}, {@code sub.conf}, {@code conf.d/}) are made by the test.
 */
public final class HbaLineGenerator {

    private static final String[] DATABASES = {"all", "sameuser", "samerole", "samegroup", "replication", "postgres",
            "db1", "\"Quoted Db\"", "\"all\"", "\"a\"\"b\"", "idboxdb", "+notagroup", "@names.list", "@empty.list",
            "\"@names.list\"", "db-1", "x\"y z\"", "\"\""};
    private static final String[] USERS = {"all", "postgres", "+staff", "\"+staff\"", "\"User One\"", "admin",
            "@names.list", "idbox", "\"sameuser\"", "app_1"};
    private static final String[] REGEXES = {"/^db\\d+$", "/^app_.*", "\"/^quoted$\"", "/a|b"};
    private static final String[] BAD_REGEXES = {"/(bad", "/[a", "/a{2,1}", "\"/(quoted\""};
    private static final String[] ADDRESSES = {"all", "samehost", "samenet", "127.0.0.1/32", "10.0.0.0/8",
            "10.1/16", "0x7f.1/32", "192.168.1.0 255.255.255.0", "0.0.0.0/0", "::1/128", "fe80::/10",
            "::ffff:1.2.3.4/128", "2001:db8::1/64", "1:2:3:4:5:6:7:8/128", "::/0", "2001:0db8:0000:0000:0000:0000:0000:0001/128",
            "db.example.com", ".example.com", "\"all\"", "localhost", "10.0.0.1/+24", "::1 ffff:ffff::",
            "172.16.0.0/12", "017.1.2.3/32", "0.0.0.0 0.0.0.0"};
    private static final String[] BAD_ADDRESSES = {"10.0.0.0/33", "10.0.0.0", "host.example/24", "1.2.3.4/abc",
            "::1/129", "10.0.0.0 ffff::", "1.2.3.4 255.255.0.x", "1.2.3.256/32", "\"10.0.0.0/8\",10.1.0.0/16",
            "10.0.0.0/"};
    /** Methods the test builds lack (pam, ldap, gss, sspi, bsd) appear, but less often than the ones that load. */
    private static final String[] METHODS = {"trust", "reject", "md5", "password", "scram-sha-256", "ident", "peer",
            "cert", "radius", "trust", "md5", "scram-sha-256", "peer", "ident", "reject", "radius", "cert",
            "pam", "ldap", "gss", "sspi", "bsd", "\"trust\""};
    private static final String[] BAD_METHODS = {"krb5", "MD5", "crypt", "trust,md5", "sha256"};
    private static final String[] OPTIONS = {"map=m", "clientcert=verify-ca", "clientcert=verify-full",
            "clientcert=1", "clientcert=0", "clientname=CN", "clientname=DN", "include_realm=0", "pamservice=x",
            "ldapserver=127.0.0.1", "ldapsuffix=\", dc=example\"", "map=\"with space\"", "map=a,map=b"};
    private static final String[] BAD_OPTIONS = {"foo=bar", "novalue", "clientname=XX", "clientcert=maybe"};

    private final Random random;
    private final int major;

    public HbaLineGenerator(long seed, int major) {
        this.random = new Random(seed);
        this.major = major;
    }

    /** One batch: {@code count} logical lines, joined into a file's text. */
    public String file(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(line()).append(random.nextInt(20) == 0 ? "\r\n" : "\n");
        }
        return text.toString();
    }

    private String line() {
        int kind = random.nextInt(100);
        if (kind < 4) {
            return pick("", "# a comment", "   ", "\t# indented comment \"with quotes\"");
        }
        if (kind < 7 && major >= 16) {
            return pick("include sub.conf", "include_if_exists nothere.conf", "include missing.conf",
                    "include_dir conf.d", "include_dir nodir", "\"include\" sub.conf", "include sub.conf extra");
        }
        if (kind < 8) {
            return "include sub.conf"; // before 16: an invalid connection type
        }
        String line = rule(random.nextInt(3) == 0);
        if (random.nextInt(8) == 0) {
            line += pick("  # trailing comment", "#x", "\t# \"quoted # comment\"");
        }
        if (major >= 14 && random.nextInt(10) == 0) {
            line = continued(line);
        }
        return random.nextInt(15) == 0 ? "  " + line : line;
    }

    /** Splits the line at a blank with a backslash-newline; sometimes mid-token, which joins without a space. */
    private String continued(String line) {
        int at = random.nextInt(Math.max(1, line.length()));
        return line.substring(0, at) + "\\\n" + line.substring(at);
    }

    private String rule(boolean withMistake) {
        int mistake = withMistake ? random.nextInt(6) : -1;
        String type = pick("local", "host", "hostssl", "hostnossl", "host", "local")
                + "";
        if (random.nextInt(10) == 0) {
            type = pick("hostgssenc", "hostnogssenc");
        }
        if (mistake == 0) {
            type = pick("HOST", "hostx", "\"host\"", "local,host");
        }
        List<String> columns = new ArrayList<>();
        columns.add(type);
        columns.add(list(DATABASES, mistake == 1));
        columns.add(list(USERS, mistake == 1));
        boolean local = type.equals("local");
        if (!local || mistake == 2) {
            columns.add(mistake == 2 ? pick(BAD_ADDRESSES) : pick(ADDRESSES));
        }
        String method = mistake == 3 ? pick(BAD_METHODS) : pick(METHODS);
        if (major >= 18 && random.nextInt(30) == 0) {
            method = "oauth";
        }
        columns.add(method);
        if (method.equals("radius")) {
            columns.add(pick("radiusservers=127.0.0.1 radiussecrets=s", "radiusservers=\"127.0.0.1,::1\" radiussecrets=s radiusports=1812",
                    "radiusservers=127.0.0.1 radiussecrets=\"a,b\"", "radiussecrets=s"));
        }
        if (method.equals("ident") || method.equals("peer") || random.nextInt(5) == 0) {
            columns.add(mistake == 4 ? pick(BAD_OPTIONS) : pick(OPTIONS));
        }
        if (mistake == 5) {
            columns.add(pick("extra", "db1 ,db2"));
        }
        String separator = pick(" ", "\t", "   ", " \t");
        return String.join(separator, columns);
    }

    private String list(String[] names, boolean withRegexMistake) {
        int n = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (random.nextInt(8) == 0) {
                items.add(withRegexMistake ? pick(BAD_REGEXES) : pick(REGEXES));
            } else {
                items.add(pick(names));
            }
        }
        return String.join(random.nextBoolean() ? "," : ", ", items);
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }
}
