package dev.pgstate.reconcilers.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ldap rules against what pg_hba_file_rules showed for them on a server built with LDAP (Debian's PostgreSQL 15;
 * the zonky builds the ITs use have none): the scope the server adds, the URL taken apart, a later option winning.
 */
class LdapOptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ldapserver=ldap.example.com ldapprefix="cn=" ldapsuffix=", dc=example, dc=net" | ldapserver=ldap.example.com;ldapprefix=cn=;ldapsuffix=, dc=example, dc=net;ldapscope=2
            ldapserver=ldap.example.com ldapbasedn="dc=example, dc=net" ldapsearchattribute=uid ldapport=389 ldaptls=1 | ldapserver=ldap.example.com;ldapport=389;ldaptls=true;ldapbasedn=dc=example, dc=net;ldapsearchattribute=uid;ldapscope=2
            ldapurl="ldap://ldap.example.net/dc=example,dc=net?uid?sub" | ldapserver=ldap.example.net;ldapport=389;ldapscheme=ldap;ldapbasedn=dc=example,dc=net;ldapsearchattribute=uid;ldapscope=2
            ldapserver=ldap.example.com ldapbasedn="dc=x" ldapbinddn="cn=a" ldapbindpasswd=secret ldapsearchfilter="(uid=$username)" ldapscheme=ldaps | ldapserver=ldap.example.com;ldapscheme=ldaps;ldapbasedn=dc=x;ldapbinddn=cn=a;ldapbindpasswd=secret;ldapsearchfilter=(uid=$username);ldapscope=2
            ldapurl="ldap://h1/dc=x??one?(uid=$username)" | ldapserver=h1;ldapport=389;ldapscheme=ldap;ldapbasedn=dc=x;ldapsearchfilter=(uid=$username);ldapscope=1
            ldapserver=h ldapscheme=ldap ldaptls=1 ldapprefix=a ldapsuffix=b | ldapserver=h;ldapscheme=ldap;ldaptls=true;ldapprefix=a;ldapsuffix=b;ldapscope=2
            ldapurl="ldaps://h1:1636/dc=x?cn?base" | ldapserver=h1;ldapport=1636;ldapscheme=ldaps;ldapbasedn=dc=x;ldapsearchattribute=cn
            ldapurl="ldaps://h1/dc=x" | ldapserver=h1;ldapport=636;ldapscheme=ldaps;ldapbasedn=dc=x
            """)
    void optionsAreShownAsTheServerShowsThem(String options, String shown) {
        HbaFile file = new HbaFileParser(HbaGrammar.of(15), InMemoryConfFiles.of(Map.of()))
                .parse(Path.of("/etc/pg_hba.conf"), "host all all 10.0.0.0/8 ldap " + options + "\n");
        HbaRule rule = (HbaRule) file.lines().get(0).entry();

        assertThat(HbaViewRow.of(rule, 15).options()).containsExactly(shown.split(";"));
    }
}
