package io.objmeta.wal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link WalCrashTest}: appends from several threads forever and prints {@code ack <seq>
 * <payload>} after each append's future completed, until it is killed.
 */
public final class WalCrashChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String run = args[2];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Wal wal = Wal.open(dir, WalCrashTest.OPTIONS);
        out.println("open " + wal.lastSequence());
        out.flush();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (long n = 0; ; n++) {
                    String payload = run + "/" + id + "/" + n;
                    long seq = wal.append(1, payload.getBytes(StandardCharsets.UTF_8)).join();
                    synchronized (out) {
                        out.println("ack " + seq + " " + payload);
                        out.flush();
                    }
                }
            });
            th.start();
        }
    }
}
