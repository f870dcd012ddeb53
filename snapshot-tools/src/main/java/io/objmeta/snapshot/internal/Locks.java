package io.objmeta.snapshot.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a lock on a file, from Linux's {@code /proc/locks} (read-only: nothing is locked or opened for
 * writing to find out). A running embedded store holds {@code wal/wal.lock} and a shared lock on
 * {@code lmdb/lock.mdb}; a server holds the same on {@code lmdb/lock.mdb}. Where {@code /proc/locks} cannot be
 * read the check finds nothing.
 *
 * <p>Only the inode number is compared, not the device: the kernel's major:minor in {@code /proc/locks} and
 * {@code stat}'s device can differ on stacked file systems (overlayfs), and missing a live store is worse than a
 * rare false "in use" for a file on another file system with the same inode number.
 */
public final class Locks {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private Locks() {
    }

    /** The pid (or -1 for an open-file-description lock) holding a lock on {@code file}, if any. */
    public static Optional<Long> holder(Path file) {
        if (!Files.exists(file) || !Files.isReadable(PROC_LOCKS)) {
            return Optional.empty();
        }
        try {
            long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            List<String> lines = Files.readAllLines(PROC_LOCKS);
            for (String line : lines) {
                // "1: POSIX  ADVISORY  READ 4242 08:01:1234567 0 EOF"; waiters have "->" after the id
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || f[1].equals("->")) {
                    continue;
                }
                String[] dev = f[5].split(":");
                if (dev.length == 3 && dev[2].equals(Long.toString(inode))) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
