package io.objmeta.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.core.CoreInspector;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbHeaderTest {
    @TempDir
    Path dir;

    private Path store() throws Exception {
        try (MetaCore core = MetaCore.open(dir, CoreOptions.defaults())) {
            assertThat(core.revision()).isZero();
        }
        return dir.resolve("data.mdb");
    }

    @Test
    void readsTheNewestMetaPageAsLmdbDoes() throws Exception {
        Path data = store();
        LmdbHeader h = LmdbHeader.check(data);
        assertThat(h.pageSize()).isEqualTo(4096);
        assertThat(h.requiredBytes()).isLessThanOrEqualTo(Files.size(data));
        try (CoreInspector core = CoreInspector.open(dir)) {
            CoreInspector.EnvStats env = core.envStats();
            assertThat(h.lastPageNumber()).isEqualTo(env.lastPageNumber());
            assertThat(h.txnId()).isEqualTo(env.lastTxnId());
        }
    }

    @Test
    void aTruncatedFileIsDamaged() throws Exception {
        Path data = store();
        LmdbHeader h = LmdbHeader.check(data);
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.setLength(h.requiredBytes() - 1);
        }
        assertThatThrownBy(() -> LmdbHeader.check(data)).isInstanceOfSatisfying(ToolException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.DAMAGED)).hasMessageContaining("truncated");
    }

    @Test
    void zerosAreNotAnLmdbFile() throws Exception {
        Path data = dir.resolve("data.mdb");
        Files.write(data, new byte[8192]);
        assertThatThrownBy(() -> LmdbHeader.check(data)).hasMessageContaining("not an LMDB file");
        Files.write(data, new byte[10]);
        assertThatThrownBy(() -> LmdbHeader.check(data)).hasMessageContaining("not an LMDB file");
    }
}
