package io.objmeta.client.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.objmeta.api.proto.Consistency;
import io.objmeta.client.MetaClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command that talks to the cluster shares: the client, the output format, tables and JSON. */
abstract class Base implements Callable<Integer> {
    private static final JsonFormat.Printer JSON = JsonFormat.printer()
            .alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        Metactl root = Metactl.root(spec);
        try (MetaClient client = root.client()) {
            run(client);
        }
        out().flush();
        return Metactl.EXIT_OK;
    }

    abstract void run(MetaClient client) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    boolean json() {
        return Metactl.root(spec).format() == Metactl.Format.json;
    }

    /** Prints a message as proto3 JSON on one line (every field, defaults included). */
    void printJson(MessageOrBuilder m) {
        out().println(toJson(m));
        out().flush();
    }

    static String toJson(MessageOrBuilder m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- rendering helpers ----

    /** ISO-8601 (UTC) for epoch millis; "-" for 0. */
    static String time(long epochMillis) {
        return epochMillis == 0 ? "-" : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** An opaque blob for people: its UTF-8 text when printable, else base64 ("b64:" prefixed). */
    static String blob(ByteString b) {
        if (b.isEmpty()) {
            return "-";
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b.asReadOnlyByteBuffer()).toString();
            if (s.codePoints().noneMatch(c -> Character.isISOControl(c))) {
                return s;
            }
        } catch (CharacterCodingException e) {
            // not text
        }
        return "b64:" + Base64.getEncoder().encodeToString(b.toByteArray());
    }

    static String map(Map<String, String> m) {
        if (m.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Prints "Name:  value" lines, names aligned. */
    void printFields(List<String[]> fields) {
        int w = 0;
        for (String[] f : fields) {
            w = Math.max(w, f[0].length() + 1);
        }
        for (String[] f : fields) {
            out().printf("%-" + w + "s  %s%n", f[0] + ":", f[1]);
        }
        out().flush();
    }

    static String[] field(String name, Object value) {
        return new String[] {name, String.valueOf(value)};
    }

    /** A plain-text table: upper-case header, columns padded to the widest cell, two spaces apart. */
    static final class Table {
        private final String[] header;
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            this.header = header;
        }

        Table row(Object... cells) {
            String[] r = new String[header.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "-";
                if (r[i].isEmpty()) {
                    r[i] = "-";
                }
            }
            rows.add(r);
            return this;
        }

        int size() {
            return rows.size();
        }

        void print(PrintWriter out) {
            int[] w = new int[header.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = header[i].length();
                for (String[] r : rows) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            line(out, header, w);
            for (String[] r : rows) {
                line(out, r, w);
            }
            out.flush();
        }

        private static void line(PrintWriter out, String[] cells, int[] w) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                sb.append(cells[i]);
                if (i < cells.length - 1) {
                    sb.append(" ".repeat(w[i] - cells[i].length()));
                }
            }
            out.println(sb);
        }
    }

    /** --consistency and --min-revision of the read commands. */
    static final class ReadOptions {
        @Option(names = "--consistency", paramLabel = "LEVEL", defaultValue = "linearizable",
                description = "linearizable (default: through the leader) or stale (any node, maybe behind)")
        Level consistency = Level.linearizable;

        @Option(names = "--min-revision", paramLabel = "N",
                description = "with --consistency stale: wait until the node applied revision N")
        Long minRevision;

        enum Level { linearizable, stale }

        Consistency consistency() {
            return consistency == Level.stale ? Consistency.STALE : Consistency.LINEARIZABLE;
        }
    }

    /** The condition flags of writes. */
    static final class Conditions {
        @Option(names = "--if-revision", paramLabel = "N",
                description = "only if the live current version has revision N (0: only if absent)")
        Long ifRevision;

        @Option(names = "--if-etag", paramLabel = "ETAG", description = "only if the live current version has this etag")
        String ifEtag;

        @Option(names = "--if-absent", description = "only if the key has no live current version (= --if-revision 0)")
        boolean ifAbsent;

        Long expectedRevision() {
            if (ifAbsent && ifRevision != null && ifRevision != 0) {
                throw new Metactl.UsageError("--if-absent and --if-revision " + ifRevision + " contradict each other");
            }
            return ifAbsent ? Long.valueOf(0) : ifRevision;
        }
    }

    /** --location-base64 | --location-text. */
    static final class Location {
        @Option(names = "--location-base64", paramLabel = "BASE64", required = true,
                description = "where the frontend stored the bytes, base64 of opaque bytes")
        String base64;

        @Option(names = "--location-text", paramLabel = "TEXT", required = true,
                description = "where the frontend stored the bytes, as UTF-8 text")
        String text;

        static ByteString of(Location l) {
            if (l == null) {
                return ByteString.EMPTY;
            }
            if (l.text != null) {
                return ByteString.copyFromUtf8(l.text);
            }
            try {
                return ByteString.copyFrom(Base64.getDecoder().decode(l.base64.trim()));
            } catch (IllegalArgumentException e) {
                throw new Metactl.UsageError("--location-base64: not base64 (" + e.getMessage() + ")");
            }
        }
    }
}
