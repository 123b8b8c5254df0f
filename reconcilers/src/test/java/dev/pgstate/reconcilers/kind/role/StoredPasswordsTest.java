package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import org.junit.jupiter.api.Test;

class StoredPasswordsTest {

    private static final String STORED = Scram.verifier(Secret.of("first".toCharArray()), 4096).text();
    private static final String OTHER = Scram.verifier(Secret.of("first".toCharArray()), 4096).text();

    private final StoredPasswords stored = new StoredPasswords();

    @Test
    void anUnchangedValueIsTheClassificationOfTheReadBefore() {
        StoredPassword first = read(STORED);

        assertThat(read(new String(STORED))).isSameAs(first).isEqualTo(StoredPassword.of(STORED));
    }

    @Test
    void aChangedValueIsClassifiedAfresh() {
        StoredPassword first = read(STORED);

        StoredPassword salted = read(OTHER);

        assertThat(salted).isNotEqualTo(first).isEqualTo(StoredPassword.of(OTHER));
        assertThat(read("md5" + "0".repeat(32)).form()).isEqualTo(StoredPassword.Form.MD5);
        assertThat(read(null)).isSameAs(StoredPassword.NONE);
    }

    @Test
    void onlyTheLatestReadIsKept() {
        StoredPassword first = read(STORED);
        read(OTHER);

        assertThat(read(STORED)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void anUnfinishedReadKeepsNothing() {
        StoredPassword first = read(STORED);
        stored.read().of(OTHER);

        assertThat(read(STORED)).isSameAs(first);
    }

    @Test
    void aReadThatClassifiedNothingKeepsTheValuesBefore() {
        StoredPassword first = read(STORED);
        stored.read().finish();

        assertThat(read(STORED)).isSameAs(first);
    }

    private StoredPassword read(String rolpassword) {
        StoredPasswords.Read read = stored.read();
        StoredPassword password = read.of(rolpassword);
        read.finish();
        return password;
    }
}
