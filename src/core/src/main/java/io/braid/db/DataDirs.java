package io.braid.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server and the embedded runner keep their databases in data folders of their own; a marker file in the folder
 * says whose it is, so the two never open one database file by accident (with different users and settings).
 */
public final class DataDirs {
    public static final String SERVER = "server";
    public static final String RUNNER = "runner";
    static final String MARKER = "braid.owner";

    private DataDirs() {
    }

    /** Takes the folder for a kind of Braid, or refuses it if the other kind uses it. */
    public static void claim(Path dir, String kind) {
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve(MARKER);
            if (Files.exists(marker)) {
                String owner = Files.readString(marker, StandardCharsets.UTF_8).trim();
                if (!owner.equals(kind)) {
                    throw new IllegalStateException("the data folder " + dir + " belongs to Braid's " + owner + ", not to its "
                            + kind + ": the server (braid.data.dir, BRAID_DATA_DIR) and the embedded runner "
                            + "(--data, BRAID_RUNNER_DATA_DIR) must use different folders");
                }
                return;
            }
            Files.writeString(marker, kind + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("data folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
