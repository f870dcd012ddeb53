package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.CommandBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;

/**
 * A stopped meta-server node's Raft log, read with Ratis' own segment parser: {@code raft/<group>/current/}
 * holds closed segments {@code log_<first>-<last>} and the open one {@code log_inprogress_<first>}. Each entry is a
 * configuration, a metadata (commit index) or a state-machine entry, whose data is a {@code CommandBatch} with the
 * leader's timestamp. A closed segment that yields fewer entries than its name says is corrupt; the open segment
 * simply ends where the last complete entry ends (a torn tail was never acknowledged).
 */
final class RaftLogReader {
    private static final Pattern CLOSED = Pattern.compile("log_(\\d+)-(\\d+)");
    private static final Pattern OPEN = Pattern.compile("log_inprogress_(\\d+)");

    /** One segment file, with the entry range its name promises (last = -1 for the open segment). */
    record Segment(Path path, long first, long last) {
        boolean open() {
            return last < 0;
        }
    }

    /** What one entry is, decoded. */
    record Entry(Segment segment, LogEntryProto proto, CommandBatch batch, String error) {
    }

    interface Sink {
        void accept(Entry e);
    }

    /** The Raft log directory ({@code raft/<group>/current}) of a server node's data directory. */
    static Path currentDir(Path dataDir) {
        Path raft = dataDir.resolve("raft");
        try (Stream<Path> groups = Files.list(raft)) {
            List<Path> current = groups.map(g -> g.resolve("current")).filter(Files::isDirectory).toList();
            if (current.size() != 1) {
                throw ToolException.notFound(raft + ": " + current.size() + " Raft group(s) with a current/ "
                        + "directory (expected: exactly one)");
            }
            return current.get(0);
        } catch (IOException e) {
            throw ToolException.notFound(raft + ": cannot list: " + e.getMessage());
        }
    }

    static List<Segment> segments(Path current) throws IOException {
        List<Segment> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(current)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                Matcher c = CLOSED.matcher(name);
                Matcher o = OPEN.matcher(name);
                if (c.matches()) {
                    out.add(new Segment(p, Long.parseLong(c.group(1)), Long.parseLong(c.group(2))));
                } else if (o.matches()) {
                    out.add(new Segment(p, Long.parseLong(o.group(1)), -1));
                }
            }
        }
        out.sort(Comparator.comparingLong(Segment::first));
        return out;
    }

    /** Reads every segment in order; returns the problems found (closed segments short of their range). */
    static List<String> read(Path current, Sink sink) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Segment seg : segments(current)) {
            LogSegmentPath lsp = LogSegmentPath.matchLogSegment(seg.path());
            if (lsp == null) {
                problems.add(seg.path().getFileName() + ": not a Ratis log segment name");
                continue;
            }
            long[] count = new long[1];
            long[] lastIndex = {seg.first() - 1};
            try {
                LogSegment.readSegmentFile(seg.path().toFile(), lsp.getStartEnd(), SizeInBytes.valueOf("64MB"),
                        RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN, null, proto -> {
                            count[0]++;
                            lastIndex[0] = proto.getIndex();
                            sink.accept(decode(seg, proto));
                        });
            } catch (IOException | RuntimeException e) {
                problems.add(seg.path().getFileName() + " after index " + lastIndex[0] + ": " + e.getMessage());
                continue;
            }
            if (!seg.open() && lastIndex[0] != seg.last()) {
                problems.add(seg.path().getFileName() + ": entries end at index " + lastIndex[0] + " (expected: "
                        + seg.last() + " as the segment's name says); the segment is damaged after that index");
            }
        }
        return problems;
    }

    private static Entry decode(Segment seg, LogEntryProto proto) {
        if (!proto.hasStateMachineLogEntry()) {
            return new Entry(seg, proto, null, null);
        }
        try {
            return new Entry(seg, proto, CommandBatch.parseFrom(proto.getStateMachineLogEntry().getLogData()
                    .asReadOnlyByteBuffer()), null);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return new Entry(seg, proto, null, "state-machine entry does not decode as a CommandBatch: "
                    + e.getMessage());
        }
    }

    /** One line about a non-state-machine entry. */
    static String describe(LogEntryProto p) {
        if (p.hasConfigurationEntry()) {
            List<String> peers = new ArrayList<>();
            p.getConfigurationEntry().getPeersList().forEach(x -> peers.add(x.getId().toStringUtf8() + "@"
                    + x.getAddress()));
            p.getConfigurationEntry().getListenersList().forEach(x -> peers.add(x.getId().toStringUtf8() + "@"
                    + x.getAddress() + "(listener)"));
            return "CONFIGURATION " + String.join(", ", peers);
        }
        if (p.hasMetadataEntry()) {
            return "METADATA commitIndex " + p.getMetadataEntry().getCommitIndex();
        }
        return p.getLogEntryBodyCase().name();
    }
}
