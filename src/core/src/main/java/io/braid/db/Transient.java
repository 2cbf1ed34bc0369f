package io.braid.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Whether a database failure is the database being away for a while (a lost or refused connection, a pool that gave
 * none in time, a server shutting down, a serialization conflict), after which the same statement may succeed, rather
 * than a statement that will fail again (a constraint, bad data).
 */
public final class Transient {
    /** PostgreSQL: admin or crash shutdown, cannot connect now; too many connections; serialization, deadlock. */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01");

    private Transient() {
    }

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return true; // class 08: connection exception
            }
        }
        return false;
    }
}
