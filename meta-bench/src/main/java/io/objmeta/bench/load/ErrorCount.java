package io.objmeta.bench.load;

import static java.util.Objects.requireNonNull;

/** How often one exception class was thrown, with the first message seen as an example. */
public record ErrorCount(long count, String example) {

    public ErrorCount {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        requireNonNull(example, "example");
    }

    ErrorCount plus(long more) {
        return new ErrorCount(count + more, example);
    }
}
