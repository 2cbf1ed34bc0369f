package io.braid.embedded;

import org.h2.api.ErrorCode;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The administrator of the runner's H2 database and its password. With AUTO_SERVER, H2 listens on a loopback port that
 * every local user can reach, and an administrator can run Java in the runner's process ({@code CREATE ALIAS}); so the
 * password is random and kept in the data folder ({@value #FILE}), which only its owner can read (folder 0700, file
 * 0600). Every process that opens the folder ({@code braid run}, {@code braid runs} beside it) reads it there.
 */
record DbCredentials(String user, String password) {
    static final String FILE = "db.credentials";
    /** H2's administrator in a database created by an earlier Braid, with no password. */
    private static final String OLD_ADMIN = "sa";
    private static final String DATABASE_FILE = "braid.mv.db";
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + "]"; // never the password
    }

    /** Creates the data folder readable by its owner only, or restricts an existing one of this user's to that. */
    static void privateFolder(Path dir) throws IOException {
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            restrict(dir, OWNER_DIR);
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * The folder's credentials, which its database accepts once this returns: read from {@value #FILE}, or made for a
     * new folder, or for a folder of an earlier Braid, whose database then gets the new password for {@code sa}.
     *
     * @param url the database's JDBC URL (the database is opened, or created, with it)
     */
    static DbCredentials open(Path dir, String url) throws IOException {
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            DbCredentials c = read(file);
            c.admit(dir, url, false);
            return c;
        }
        // two commands opening a new folder at once must not each write a password: the second waits, then reads
        try (FileChannel lockFile = FileChannel.open(dir.resolve(FILE + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lockFile.lock(); // released when the channel closes
            if (Files.exists(file)) {
                DbCredentials c = read(file);
                c.admit(dir, url, false);
                return c;
            }
            boolean oldDatabase = Files.exists(dir.resolve(DATABASE_FILE));
            DbCredentials c = new DbCredentials(OLD_ADMIN, newPassword());
            // the file first: a password set in the database but lost with the process would lock the folder for good
            c.write(file);
            try {
                c.admit(dir, url, oldDatabase);
            } catch (IllegalStateException refused) {
                // the database has another password: this file's is nobody's, and the folder stays as it was (on any
                // other failure the file stays, as the database may have its password already)
                Files.deleteIfExists(file);
                throw refused;
            }
            return c;
        }
    }

    /**
     * Opens the database with these credentials, which creates it in a new folder. A database of an earlier Braid
     * ({@code oldDatabase}, or one whose upgrade was cut short after the file was written) has {@code sa} with no
     * password: that is replaced by this password.
     */
    private void admit(Path dir, String url, boolean oldDatabase) throws IOException {
        try {
            if (oldDatabase && setPasswordOfOldAdmin(url)) {
                return;
            }
            try {
                connect(url, user, password).close();
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                    throw e;
                }
            }
            if (oldDatabase) {
                throw new IllegalStateException("the H2 database in the data folder " + dir + " has no credentials file ("
                        + dir.resolve(FILE) + ") and refuses sa with no password, which an earlier Braid would have left: "
                        + "put back that file from the folder's backup");
            }
            if (!setPasswordOfOldAdmin(url)) {
                throw new IllegalStateException("the H2 database in the data folder " + dir + " refuses the user and password in "
                        + dir.resolve(FILE) + ": put back that file from the backup of the folder it was made with");
            }
        } catch (SQLException e) {
            throw new IOException("the H2 database in the data folder " + dir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Gives the administrator of a database made by an earlier Braid (sa, no password) this password; false if refused. */
    private boolean setPasswordOfOldAdmin(String url) throws SQLException {
        if (!user.equalsIgnoreCase(OLD_ADMIN)) {
            return false;
        }
        try (Connection c = connect(url, OLD_ADMIN, "");
             PreparedStatement st = c.prepareStatement("ALTER USER " + OLD_ADMIN + " SET PASSWORD ?")) {
            st.setString(1, password);
            st.execute();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
                return false;
            }
            throw e;
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return new org.h2.Driver().connect(url, p); // the driver itself: no DriverManager scan of the class path
    }

    private static DbCredentials read(Path file) throws IOException {
        restrict(file, OWNER_FILE);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String user = p.getProperty("user", "").strip();
        String password = p.getProperty("password", "");
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalStateException(file + " must name the database's user and password (user=…, password=…)");
        }
        return new DbCredentials(user, password);
    }

    /** Written beside the target, readable by its owner only from the start, then moved into place whole. */
    private void write(Path file) throws IOException {
        Path dir = file.getParent();
        FileAttribute<?>[] ownerOnly = posix(dir)
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, FILE + ".", ".tmp", ownerOnly);
        try {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "The administrator of the H2 database in this folder (" + DATABASE_FILE
                        + "): keep this file with the folder's backups, readable by its owner only");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String newPassword() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Sets the permissions of a file or folder this user owns; another's is left as it is (only its owner may change it). */
    private static void restrict(Path p, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: its own access rules apply
        }
        PosixFileAttributes a = view.readAttributes();
        if (!a.permissions().equals(permissions) && a.owner().getName().equals(System.getProperty("user.name"))) {
            view.setPermissions(permissions);
        }
    }
}
