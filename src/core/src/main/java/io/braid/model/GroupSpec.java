package io.braid.model;

import java.util.Optional;

/**
 * A named concurrency group: tasks that name it share its limits with every task of every run on the server
 * that names a group of the same name.
 *
 * @param maxConcurrent most tasks of the group running at once; 0 = no limit of its own
 * @param rate          most task starts per sliding window, if limited
 */
public record GroupSpec(String name, int maxConcurrent, Optional<RateLimit> rate) {
    public static GroupSpec unlimited(String name) {
        return new GroupSpec(name, 0, Optional.empty());
    }

    public boolean limited() {
        return maxConcurrent > 0 || rate.isPresent();
    }
}
