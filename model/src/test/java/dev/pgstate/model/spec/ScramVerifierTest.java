package dev.pgstate.model.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written reading of a verifier accepts exactly what the format's regular expression and base64 accept. */
class ScramVerifierTest {

    /** The format as the regular expression it was read with before. */
    private static final Pattern SHAPE = Pattern.compile(Pattern.quote(ScramVerifier.PREFIX)
            + "([1-9][0-9]{0,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SALT = Base64.getEncoder().encodeToString(new byte[16]);

    @Test
    void aVerifierAsPostgresqlStoresItIsRead() {
        String text = ScramVerifier.PREFIX + "4096:" + SALT + "$" + KEY + ":" + KEY;

        ScramVerifier verifier = ScramVerifier.parse(text).orElseThrow();

        assertThat(verifier.iterations()).isEqualTo(4096);
        assertThat(verifier.salt()).hasSize(16);
        assertThat(verifier.text()).isEqualTo(text);
    }

    @Property(tries = 3000)
    void anyTextIsReadExactlyAsTheRegularExpressionReadsIt(@ForAll("nearVerifiers") String text) {
        assertThat(ScramVerifier.parse(text).map(ScramVerifier::text)).isEqualTo(byRegularExpression(text));
    }

    @Property(tries = 3000)
    void aVerifierWithOneCharacterChangedIsReadAsTheRegularExpressionReadsIt(
            @ForAll("oneCharacterChanged") String text) {
        assertThat(ScramVerifier.parse(text).map(ScramVerifier::text)).isEqualTo(byRegularExpression(text));
    }

    @Provide
    Arbitrary<String> oneCharacterChanged() {
        String valid = ScramVerifier.PREFIX + "4096:" + SALT + "$" + KEY + ":" + KEY;
        Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length() - 1);
        Arbitrary<Character> by = Arbitraries.of('0', '9', ':', '$', '=', '+', '/', 'A', '-', ' ', '\u00e9');
        return Arbitraries.oneOf(
                at.flatMap(i -> by.map(c -> valid.substring(0, i) + c + valid.substring(i + 1))),
                at.flatMap(i -> by.map(c -> valid.substring(0, i) + c + valid.substring(i))),
                at.map(i -> valid.substring(0, i) + valid.substring(i + 1)));
    }

    @Provide
    Arbitrary<String> nearVerifiers() {
        List<String> pieces = List.of(ScramVerifier.PREFIX, "SCRAM-SHA-256", "4096", "0", "1", "12345678901", "99",
                ":", "$", "=", "+", "/", "AAAA", "A", SALT, KEY, KEY.substring(1), "x", "-", " ", "é");
        return Arbitraries.of(pieces).list().ofMinSize(0).ofMaxSize(9).map(list -> String.join("", list))
                .injectDuplicates(0.1)
                .edgeCases(edges -> edges.add(ScramVerifier.PREFIX + "4096:" + SALT + "$" + KEY + ":" + KEY));
    }

    private static Optional<String> byRegularExpression(String text) {
        Matcher shape = SHAPE.matcher(text);
        if (!shape.matches()) {
            return Optional.empty();
        }
        try {
            long iterations = Long.parseLong(shape.group(1));
            byte[] salt = Base64.getDecoder().decode(shape.group(2));
            boolean keysFit = Base64.getDecoder().decode(shape.group(3)).length == 32
                    && Base64.getDecoder().decode(shape.group(4)).length == 32;
            return iterations > Integer.MAX_VALUE || salt.length == 0 || !keysFit ? Optional.empty()
                    : Optional.of(text);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
