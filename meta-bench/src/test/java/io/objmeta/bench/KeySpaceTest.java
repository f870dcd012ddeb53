package io.objmeta.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySpaceTest {

    @Test
    void keysAreSortedFixedWidthAndSpreadOverThePrefixes() {
        KeySpace space = new KeySpace(23, 5); // 5 keys in the first 3 prefixes, 4 in the last 2
        List<String> keys = new ArrayList<>();
        for (long i = 0; i < space.keys(); i++) {
            keys.add(space.key(i));
        }

        assertThat(keys).isSorted().doesNotHaveDuplicates().allMatch(k -> k.length() == space.keyChars());
        assertThat(keys).startsWith("p0000/k000000", "p0000/k000001").endsWith("p0004/k000003");
        assertThat(keys.get(5)).isEqualTo("p0001/k000000");
        assertThat(keys.get(15)).isEqualTo("p0003/k000000");
        assertThat(space.keysIn(2)).isEqualTo(5);
        assertThat(space.keysIn(3)).isEqualTo(4);
        assertThat(space.prefix(3)).isEqualTo("p0003/");
        assertThat(keys).filteredOn(k -> k.startsWith(space.prefix(3))).hasSize(4);
    }

    @Test
    void widthsGrowWithTheCounts() {
        KeySpace space = new KeySpace(30_000_000, 20_000);
        assertThat(space.key(space.keys() - 1)).isEqualTo("p19999/k001499");
        assertThat(space.keyChars()).isEqualTo(14);
    }

    @Test
    void morePrefixesThanKeysIsRejected() {
        assertThatThrownBy(() -> new KeySpace(3, 4)).hasMessageContaining("expected: 1 <= prefixes <= keys");
    }

    @Test
    void recordsHaveTheAskedSize() {
        for (int target : new int[] {200, 256, 300, 1000, 4096}) {
            assertThat(new ObjectRecords(target, 20).serializedBytes()).as("target " + target)
                    .isBetween(target - 1, target);
        }
        assertThat(new ObjectRecords(1, 20).serializedBytes()).isLessThan(200); // no location at all
    }
}
