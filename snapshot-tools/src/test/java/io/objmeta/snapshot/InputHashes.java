package io.objmeta.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file and directory under the inputs, with a SHA-256 of each file's bytes, its size and mtime: equal before
 * and after a command means the command wrote nothing (lock.mdb appearing or vanishing included).
 */
final class InputHashes {
    private InputHashes() {
    }

    static Map<String, String> of(Path... roots) {
        Map<String, String> m = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    m.put(p.toString(), Files.isDirectory(p) ? "dir" : hash(p) + " " + Files.size(p) + " "
                            + Files.getLastModifiedTime(p).toMillis());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m;
    }

    private static String hash(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = Files.newInputStream(p)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs metasnap and asserts that nothing under {@code inputs} changed. */
    static Cli.Result runReadOnly(Path[] inputs, Object... args) {
        Map<String, String> before = of(inputs);
        assertThat(before).as("inputs exist").isNotEmpty();
        Cli.Result r = Cli.run(args);
        assertThat(of(inputs)).as("inputs unchanged by metasnap %s", java.util.Arrays.toString(args))
                .isEqualTo(before);
        return r;
    }
}
