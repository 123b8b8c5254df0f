package dev.pgstate.reconcilers.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The SipHash-2-4 128-bit MAC the state directory seals its large files with, against the reference's vectors. */
class SipHash128MacTest {

    /** The reference implementation's key, 00 01 … 0f; its messages are 00 01 … of each length. */
    private static final byte[] KEY = countingBytes(16);

    @Test
    void givesTheReferenceImplementationsTags() {
        SipHash128Mac mac = new SipHash128Mac(KEY);

        assertThat(HexFormat.of().formatHex(mac.mac(countingBytes(0)))).isEqualTo("a3817f04ba25a8e66df67214c7550293");
        assertThat(HexFormat.of().formatHex(mac.mac(countingBytes(63)))).isEqualTo("5150d1772f50834a503e069a973fbd7c");
    }

    @Test
    void takesTheFirst16BytesOfALongerKeyAndRefusesAShorterOne() {
        byte[] derived = Arrays.copyOf(KEY, 32);
        derived[20] = 7;

        assertThat(new SipHash128Mac(derived).mac(countingBytes(15)))
                .isEqualTo(new SipHash128Mac(KEY).mac(countingBytes(15)));
        assertThatThrownBy(() -> new SipHash128Mac(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherKeyOrMessageGivesAnotherTag() {
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        byte[] message = countingBytes(40);
        byte[] changed = message.clone();
        changed[39] ^= 1;

        assertThat(new SipHash128Mac(otherKey).mac(message)).isNotEqualTo(new SipHash128Mac(KEY).mac(message));
        assertThat(new SipHash128Mac(KEY).mac(changed)).isNotEqualTo(new SipHash128Mac(KEY).mac(message));
    }

    private static byte[] countingBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
