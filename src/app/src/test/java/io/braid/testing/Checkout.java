package io.braid.testing;

import java.nio.file.Path;

/** The top of this checkout (README.md, docs/, liberty/, db/), which the tests keep true; they run in src/app. */
public final class Checkout {
    private Checkout() {
    }

    /** The build passes it as {@code braid.root}; {@code ../..} from the module's folder otherwise. */
    public static Path root() {
        return Path.of(System.getProperty("braid.root", "../..")).toAbsolutePath().normalize();
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
