package io.objmeta.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RatisOverridesTest {
    @Test
    void raftSystemPropertiesOverrideObjmetasChoicesAndNothingElseIsCopied() {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.Log.setForceSyncNum(p, 128);
        Properties system = new Properties();
        system.setProperty("raft.server.log.force.sync.num", "7");
        system.setProperty("raft.server.log.appender.wait-time.min", "0ms");
        system.setProperty("objmeta.other", "x");
        system.setProperty("java.version", "17");

        RaftNode.ratisOverrides(system, p);

        assertThat(RaftServerConfigKeys.Log.forceSyncNum(p)).isEqualTo(7);
        assertThat(RaftServerConfigKeys.Log.Appender.waitTimeMin(p).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isZero();
        assertThat(p.get("objmeta.other")).isNull();
        assertThat(p.get("java.version")).isNull();
    }
}
