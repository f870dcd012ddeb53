package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandBatch;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.wal.Wal;
import io.objmeta.wal.WalInspection;
import io.objmeta.wal.WalProblem;
import io.objmeta.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "wal", header = "dump or verify a WAL or a server node's Raft log",
        description = {"Reads an embedded store's write-ahead log without changing it "
        + "(DIR is the data directory or its wal/). Record type 1 is a CommandBatch. A torn tail (an invalid "
        + "record at the end of the last segment, cut off by recovery) and corruption (anything else, which stops "
        + "the store from opening) are reported with segment and offset; reading continues past both. For a "
        + "stopped server node's data directory (raft/ + lmdb/) the Raft log is read instead, with Ratis' own "
        + "segment parser: entries by index and term, CommandBatches decoded, configuration and commit entries "
        + "named, closed segments shorter than their names say reported as damaged."},
        subcommands = {WalCommand.Dump.class, WalCommand.Verify.class},
        footer = {"", "Examples:", "  metasnap wal dump data/", "  metasnap wal dump data/wal --from 1200 -o json",
                "  metasnap wal verify data/", ExitCodes.HELP})
public final class WalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "wal: a command is required (dump or verify)");
    }

    /** The WAL directory of DIR: DIR/wal for a data directory, DIR itself when it holds segments. */
    static Path walDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw ToolException.notFound(dir + ": no such directory");
        }
        if (Files.isDirectory(dir.resolve("wal"))) {
            return dir.resolve("wal");
        }
        try (var s = Files.list(dir)) {
            if (s.anyMatch(p -> p.getFileName().toString().endsWith(".wal")
                    || p.getFileName().toString().equals("wal.lock"))) {
                return dir;
            }
        } catch (IOException e) {
            throw ToolException.notFound(dir + ": cannot list: " + e.getMessage());
        }
        throw ToolException.notFound(dir + ": no WAL here (expected: a data directory with wal/, or a directory of "
                + "*.wal segments)");
    }

    /** One command in a line: {@code PUT_OBJECT photos "2024/cat.jpg"}. */
    static String summary(Command c) {
        return switch (c.getRequestCase()) {
            case CREATE_BUCKET -> "CREATE_BUCKET " + c.getCreateBucket().getBucket();
            case UPDATE_BUCKET -> "UPDATE_BUCKET " + c.getUpdateBucket().getBucket();
            case DELETE_BUCKET -> "DELETE_BUCKET " + c.getDeleteBucket().getBucket();
            case PUT_OBJECT -> "PUT_OBJECT " + c.getPutObject().getBucket() + " " + Text.key(c.getPutObject().getKey());
            case DELETE_OBJECT -> "DELETE_OBJECT " + c.getDeleteObject().getBucket() + " "
                    + Text.key(c.getDeleteObject().getKey())
                    + (c.getDeleteObject().getVersionId().isEmpty() ? "" : " " + c.getDeleteObject().getVersionId());
            case CREATE_MULTIPART_UPLOAD -> "CREATE_MULTIPART_UPLOAD " + c.getCreateMultipartUpload().getBucket() + " "
                    + Text.key(c.getCreateMultipartUpload().getKey());
            case UPLOAD_PART -> "UPLOAD_PART " + c.getUploadPart().getBucket() + " " + c.getUploadPart().getUploadId()
                    + " part " + c.getUploadPart().getPartNumber();
            case COMPLETE_MULTIPART_UPLOAD -> {
                CompleteMultipartUploadRequest r = c.getCompleteMultipartUpload();
                yield "COMPLETE_MULTIPART_UPLOAD " + r.getBucket() + " " + r.getUploadId();
            }
            case ABORT_MULTIPART_UPLOAD -> "ABORT_MULTIPART_UPLOAD " + c.getAbortMultipartUpload().getBucket() + " "
                    + c.getAbortMultipartUpload().getUploadId();
            case TXN -> {
                List<String> ops = new ArrayList<>();
                for (TxnOp op : c.getTxn().getOpsList()) {
                    ops.add(op.hasPut() ? "PUT " + op.getPut().getBucket() + " " + Text.key(op.getPut().getKey())
                            : op.hasDelete() ? "DELETE " + op.getDelete().getBucket() + " "
                            + Text.key(op.getDelete().getKey()) : op.getOpCase().name());
                }
                yield "TXN [" + String.join("; ", ops) + "]";
            }
            case ACK_GARBAGE -> "ACK_GARBAGE up to " + c.getAckGarbage().getUpToRevision();
            case REQUEST_NOT_SET -> "(empty command)";
        };
    }

    static boolean isServerDir(Path dir) {
        return Files.isDirectory(dir.resolve("raft")) && !Files.isDirectory(dir.resolve("wal"));
    }

    /** Reads the log once for its layout, then again record by record. Shared by dump and verify. */
    abstract static class Reading extends ToolCommand {
        @Parameters(paramLabel = "DIR", description = "embedded data directory or its wal/, or a server node's data "
                + "directory")
        Path dir;

        @Mixin
        OutputOption output;

        long decodeProblems;

        /** A server node's Raft log, entry by entry; returns the problems. */
        List<String> readRaft(RaftLogReader.Sink sink) throws IOException {
            Path current = RaftLogReader.currentDir(dir);
            Locks.holder(current.getParent().resolve("in_use.lock")).ifPresent(pid -> {
                throw ToolException.notFound(current.getParent() + " is in use: process " + pid + " holds "
                        + "in_use.lock (stop the node first)");
            });
            List<String> problems = new ArrayList<>(RaftLogReader.read(current, e -> {
                if (e.error() != null) {
                    decodeProblems++;
                }
                sink.accept(e);
            }));
            return problems;
        }

        void reportRaft(List<String> problems, long entries) {
            if (output.json()) {
                out().println(Json.write(Json.obj("summary", Json.obj("entries", entries, "undecodableBatches",
                        decodeProblems, "problems", problems))));
                return;
            }
            problems.forEach(p -> out().println("CORRUPTION " + p));
            out().println(entries + " Raft log entr" + (entries == 1 ? "y" : "ies") + ", " + problems.size()
                    + " problem(s)" + (problems.isEmpty() ? "" : "; restore the node from a snapshot or let it catch "
                    + "up from the leader after wiping raft/"));
        }

        /** Records in file order with the segment and offset they were read at; problems after. */
        WalInspection read(RecordSink sink) throws IOException {
            Path wal = walDir(dir);
            Locks.holder(wal.resolve("wal.lock")).ifPresent(pid -> {
                throw ToolException.notFound(wal + " is in use: process " + pid + " holds wal.lock (a live log is a "
                        + "moving target; stop the store first)");
            });
            WalInspection layout = Wal.inspect(wal, null);
            Locator at = new Locator(layout);
            try (Progress p = Progress.start("wal", layout.records())) {
                return Wal.inspect(wal, r -> {
                    p.step(1);
                    CommandBatch batch = null;
                    String error = null;
                    if (r.type() == 1) {
                        try {
                            batch = CommandBatch.parseFrom(r.payload());
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            error = "payload does not decode as a CommandBatch: " + e.getMessage();
                            decodeProblems++;
                        }
                    }
                    sink.accept(r, at.segment(r.sequence()), at.offset(r), batch, error);
                });
            }
        }
    }

    interface RecordSink {
        void accept(WalRecord r, String segment, String offset, CommandBatch batch, String error);
    }

    /**
     * Segment and offset of each record: records follow one another from the segment header on, each taking
     * {@link Wal#framedSize}; after a problem in the same segment the offset is unknown ("?").
     */
    static final class Locator {
        private final WalInspection layout;
        private String segment = "";
        private long offset;

        Locator(WalInspection layout) {
            this.layout = layout;
        }

        String segment(long sequence) {
            for (WalInspection.Segment s : layout.segments()) {
                if (sequence >= s.firstSequence() && sequence <= s.lastSequence()) {
                    if (!s.name().equals(segment)) {
                        segment = s.name();
                        offset = 32; // segment header
                    }
                    return segment;
                }
            }
            return "?";
        }

        String offset(WalRecord r) {
            long at = offset;
            offset += Wal.framedSize(r.payload().length);
            for (WalProblem p : layout.problems()) {
                if (p.segment().equals(segment) && p.offset() <= at) {
                    return "?";
                }
            }
            return Long.toString(at);
        }
    }

    @CommandLine.Command(name = "dump", header = "every record with its decoded CommandBatch",
            description = {"Prints every record: sequence, type, segment@offset and the "
            + "decoded CommandBatch, one command a line (type, bucket, key); -o json prints one JSON object a "
            + "record with the full batch in proto3 JSON, then the problems and a summary."},
            footer = {"", "Examples:", "  metasnap wal dump data/", "  metasnap wal dump data/ --from 1200 -o json",
                    ExitCodes.HELP})
    public static final class Dump extends Reading {
        @Option(names = "--from", defaultValue = "0", description = "first sequence to print")
        long from;

        @Override
        public Integer call() throws IOException {
            if (isServerDir(dir)) {
                long[] n = {0};
                List<String> problems = readRaft(e -> {
                    n[0]++;
                    long index = e.proto().getIndex();
                    if (index < from) {
                        return;
                    }
                    String where = e.segment().path().getFileName().toString();
                    if (output.json()) {
                        Map<String, Object> m = Json.obj("index", index, "term", e.proto().getTerm(), "segment",
                                where);
                        if (e.batch() != null) {
                            m.put("batch", e.batch());
                        } else if (e.error() != null) {
                            m.put("error", e.error());
                        } else {
                            m.put("entry", RaftLogReader.describe(e.proto()));
                        }
                        out().println(Json.write(m));
                        return;
                    }
                    String head = "#" + index + " term " + e.proto().getTerm() + " " + where + " ";
                    if (e.batch() != null) {
                        out().println(head + "BATCH " + e.batch().getCommandsCount() + " command(s)"
                                + stamped(e.batch()));
                        e.batch().getCommandsList().forEach(c -> out().println("    " + summary(c)));
                    } else {
                        out().println(head + (e.error() != null ? "PROBLEM " + e.error()
                                : RaftLogReader.describe(e.proto())));
                    }
                });
                reportRaft(problems, n[0]);
                return ExitCodes.OK;
            }
            WalInspection w = read((r, segment, offset, batch, error) -> {
                if (r.sequence() < from) {
                    return;
                }
                if (output.json()) {
                    Map<String, Object> m = Json.obj("sequence", r.sequence(), "type", r.type(), "segment", segment,
                            "offset", offset, "bytes", r.payload().length);
                    if (batch != null) {
                        m.put("batch", batch);
                    }
                    if (error != null) {
                        m.put("error", error);
                    }
                    out().println(Json.write(m));
                    return;
                }
                out().println("#" + r.sequence() + " type " + r.type() + " " + segment + "@" + offset + " "
                        + r.payload().length + " B" + (batch != null ? ", " + batch.getCommandsCount()
                        + " command(s)" + stamped(batch) : "") + (error != null ? ": " + error : ""));
                if (batch != null) {
                    for (Command c : batch.getCommandsList()) {
                        out().println("    " + summary(c));
                    }
                }
            });
            report(this, w);
            return ExitCodes.OK;
        }
    }

    /** When the batch was accepted: the leader's stamp (server) or its first command's (embedded). */
    static String stamped(CommandBatch batch) {
        long at = batch.getTimestampMillis() != 0 ? batch.getTimestampMillis()
                : batch.getCommandsCount() > 0 ? batch.getCommands(0).getTimestampMillis() : 0;
        return at == 0 ? "" : ", at " + Text.time(at);
    }

    @CommandLine.Command(name = "verify", header = "problems only; exit 1 on corruption",
            description = {"Reads every record and decodes every CommandBatch; "
            + "prints each problem with segment and offset. Exit code 1 on corruption or an undecodable batch; a "
            + "torn tail alone is reported but is not a failure (recovery cuts it off: it was never "
            + "acknowledged)."},
            footer = {"", "Examples:", "  metasnap wal verify data/", "  metasnap wal verify data/wal -o json",
                    ExitCodes.HELP})
    public static final class Verify extends Reading {
        @Override
        public Integer call() throws IOException {
            if (isServerDir(dir)) {
                long[] n = {0};
                List<String> problems = readRaft(e -> {
                    n[0]++;
                    if (e.error() != null) {
                        String line = "#" + e.proto().getIndex() + " " + e.segment().path().getFileName() + ": "
                                + e.error();
                        out().println(output.json() ? Json.write(Json.obj("problem", line)) : "PROBLEM " + line);
                    }
                });
                reportRaft(problems, n[0]);
                return problems.isEmpty() && decodeProblems == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS;
            }
            WalInspection w = read((r, segment, offset, batch, error) -> {
                if (error != null) {
                    String line = "#" + r.sequence() + " " + segment + "@" + offset + ": " + error;
                    out().println(output.json() ? Json.write(Json.obj("problem", line)) : "PROBLEM " + line);
                }
            });
            report(this, w);
            return w.recoverable() && decodeProblems == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
    }

    static void report(Reading cmd, WalInspection w) {
        if (cmd.output.json()) {
            List<Object> problems = new ArrayList<>();
            for (WalProblem p : w.problems()) {
                problems.add(Json.obj("kind", p.kind().name(), "segment", p.segment(), "offset", p.offset(),
                        "reason", p.reason()));
            }
            cmd.out().println(Json.write(Json.obj("summary", Json.obj("segments", w.segments().size(), "records",
                    w.records(), "firstSequence", w.firstSequence(), "lastSequence", w.lastSequence(),
                    "recoverable", w.recoverable(), "undecodableBatches", cmd.decodeProblems, "problems",
                    problems))));
            return;
        }
        for (WalProblem p : w.problems()) {
            cmd.out().println((p.kind() == WalProblem.Kind.TORN_TAIL ? "TORN TAIL " : "CORRUPTION ") + p.segment()
                    + "@" + p.offset() + ": " + p.reason());
        }
        cmd.out().println(w.segments().size() + " segment(s), " + w.records() + " record(s), sequences "
                + w.firstSequence() + ".." + w.lastSequence() + ", " + w.problems().size() + " problem(s)"
                + (w.recoverable() ? "" : "; the store will not open: restore from a snapshot"));
    }
}
