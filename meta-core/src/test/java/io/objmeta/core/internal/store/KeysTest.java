package io.objmeta.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class KeysTest {
    @Property
    void encodingRoundTrips(@ForAll byte[] head, @ForAll byte[] key, @ForAll byte[] suffix) {
        byte[] enc = Keys.concat(head, Keys.encodeKey(key), suffix); // rows hold a key between other fields
        int[] end = new int[1];
        assertThat(Keys.decodeKey(enc, head.length, end)).isEqualTo(key);
        assertThat(end[0]).isEqualTo(enc.length - suffix.length);
    }

    @Property
    void encodingPreservesOrderWhateverFollows(@ForAll byte[] a, @ForAll byte[] b, @ForAll byte[] sa,
                                               @ForAll byte[] sb) {
        int raw = Integer.signum(Arrays.compareUnsigned(a, b));
        int enc = Integer.signum(Arrays.compareUnsigned(Keys.concat(Keys.encodeKey(a), sa),
                Keys.concat(Keys.encodeKey(b), sb)));
        if (raw != 0) {
            assertThat(enc).isEqualTo(raw);
        }
    }

    @Property
    void anEscapedPrefixPrefixesTheEncodingOfEveryKeyItPrefixes(@ForAll byte[] prefix, @ForAll byte[] rest) {
        assertThat(Keys.startsWith(Keys.encodeKey(Keys.concat(prefix, rest)), Keys.escape(prefix))).isTrue();
    }
}
