package io.objmeta.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreInspectorTest {
    @TempDir
    Path copy;

    @Test
    void readsACopyWithoutCreatingAnythingAndAgreesWithMetaCore() throws Exception {
        MetaCore.Counts expected;
        String longKey = "k/" + "y".repeat(1000); // takes the overflow path of the versions table
        try (CoreFixture f = CoreFixture.create()) {
            f.createBucket("zeta", Versioning.ENABLED);
            f.createBucket("alpha", Versioning.UNVERSIONED);
            for (int i = 0; i < 50; i++) {
                f.put("zeta", "k/" + i, "e" + i, i);
                f.put("zeta", "k/" + i, "f" + i, i + 1); // a second version
                f.put("alpha", "a" + i, "e", 1);
            }
            f.put("zeta", longKey, "l", 7);
            f.delete("zeta", "k/3");
            expected = f.core().counts();
            f.core().copyCompact(copy);
        }
        Files.deleteIfExists(copy.resolve("lock.mdb"));
        try (CoreInspector in = CoreInspector.open(copy)) {
            assertThat(in.counts(n -> { })).isEqualTo(expected);
            List<CoreInspector.Problem> problems = new ArrayList<>();
            long[] records = new long[1];
            in.checkRecords(problems::add, n -> records[0] += n);
            assertThat(problems).isEmpty();
            assertThat(records[0]).isGreaterThan(150);
            List<String> order = new ArrayList<>();
            try (CoreInspector.VersionScan scan = in.scanVersions(null, "")) {
                scan.forEachRemaining(r -> order.add(r.bucket() + ":" + r.key() + ":" + r.latest()));
            }
            assertThat(order.get(0)).isEqualTo("alpha:a0:true"); // buckets by name, not by id
            assertThat(order).contains("zeta:" + longKey + ":true", "zeta:k/1:true", "zeta:k/1:false");
            assertThat(in.envStats().dbs()).extracting(CoreInspector.DbStats::name)
                    .isEqualTo(CoreInspector.databases());
            assertThat(in.versions("zeta", "k/3")).hasSize(3).first()
                    .matches(v -> v.getIsDeleteMarker());
        }
        try (Stream<Path> s = Files.list(copy)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("data.mdb");
        }
    }
}
