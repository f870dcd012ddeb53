package io.objmeta.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * meta-client's own dependencies (compile and runtime scope, as a frontend gets them) hold neither LMDB nor Ratis nor
 * our server modules. The build enforces it (maven-enforcer bannedDependencies); this checks the rule is in the POM
 * and has not been weakened.
 */
class NoServerDependenciesTest {
    @Test
    void thePomBansLmdbRatisAndTheServerModulesOutsideTestScope() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String banned : new String[] {"org.lmdbjava:*:*:*:compile", "org.lmdbjava:*:*:*:runtime",
                "org.apache.ratis:*:*:*:compile", "org.apache.ratis:*:*:*:runtime", "io.objmeta:meta-core:*:*:compile",
                "io.objmeta:meta-server:*:*:compile"}) {
            assertThat(pom).contains("<exclude>" + banned + "</exclude>");
        }
        assertThat(pom).contains("<goal>enforce</goal>");
    }
}
