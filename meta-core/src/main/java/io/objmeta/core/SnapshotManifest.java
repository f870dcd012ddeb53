package io.objmeta.core;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest of a snapshot ({@code manifest.json} beside {@code data.mdb}): what the copy holds and how to
 * check it. Every number is read from the copy itself, so the manifest describes exactly that copy.
 *
 * @param formatVersion  snapshot format (1)
 * @param revision       the store revision of the copy
 * @param appliedIndex   the log position of the copy (WAL sequence or Raft index)
 * @param term           the Raft term of {@code appliedIndex}; 0 for the embedded store
 * @param createdAtMillis epoch millis when the snapshot was taken
 * @param sizeBytes      size of {@code data.mdb}
 * @param sha256         hex SHA-256 of {@code data.mdb}
 * @param buckets        buckets
 * @param objects        keys whose latest version is live
 * @param versions       stored versions (delete markers excluded)
 * @param deleteMarkers  delete markers
 * @param uploads        multipart uploads in progress
 */
public record SnapshotManifest(int formatVersion, long revision, long appliedIndex, long term, long createdAtMillis,
                               long sizeBytes, String sha256, long buckets, long objects, long versions,
                               long deleteMarkers, long uploads) {
    public static final String FILE = "manifest.json";
    public static final String DATA_FILE = "data.mdb";
    public static final int FORMAT_VERSION = 1;

    public SnapshotManifest {
        requireNonNull(sha256, "sha256");
    }

    /** Pretty JSON, one field a line, in a fixed order. */
    public String toJson() {
        Map<String, Object> m = fields();
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append("  \"").append(e.getKey()).append("\": ");
            sb.append(e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue());
            sb.append(++i < m.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", formatVersion);
        m.put("revision", revision);
        m.put("appliedIndex", appliedIndex);
        m.put("term", term);
        m.put("createdAtMillis", createdAtMillis);
        m.put("sizeBytes", sizeBytes);
        m.put("sha256", sha256);
        m.put("buckets", buckets);
        m.put("objects", objects);
        m.put("versions", versions);
        m.put("deleteMarkers", deleteMarkers);
        m.put("uploads", uploads);
        return m;
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"([0-9a-f]*)\"|-?\\d+)");

    /** Parses {@link #toJson()} output; a missing or malformed field is an {@link IOException} naming it. */
    public static SnapshotManifest parse(String json) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            v.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
        }
        try {
            return new SnapshotManifest((int) num(v, "formatVersion"), num(v, "revision"), num(v, "appliedIndex"),
                    num(v, "term"), num(v, "createdAtMillis"), num(v, "sizeBytes"), str(v, "sha256"),
                    num(v, "buckets"), num(v, "objects"), num(v, "versions"), num(v, "deleteMarkers"),
                    num(v, "uploads"));
        } catch (IllegalArgumentException e) {
            throw new IOException("snapshot manifest: " + e.getMessage(), e);
        }
    }

    public static SnapshotManifest read(Path snapshotDir) throws IOException {
        return parse(Files.readString(snapshotDir.resolve(FILE), StandardCharsets.UTF_8));
    }

    private static long num(Map<String, String> v, String name) {
        String s = v.get(name);
        if (s == null) {
            throw new IllegalArgumentException(name + ": missing (expected: a number)");
        }
        return Long.parseLong(s);
    }

    private static String str(Map<String, String> v, String name) {
        String s = v.get(name);
        if (s == null || s.length() != 64) {
            throw new IllegalArgumentException(name + ": " + s + " (expected: 64 hex digits)");
        }
        return s;
    }
}
