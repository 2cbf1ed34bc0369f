package io.braid.runs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who runs a run's execution: a server ({@code braid.server.id}, on Liberty its server name) or an embedded runner
 * process ({@code runner:<pid>@<host>}). Recorded with each execution, so that after a crash only the owner's runs are
 * reconciled.
 */
public record Owner(String id) {
    private static final String RUNNER = "runner:";

    /** This JVM: the configured server id, else this runner process. */
    public static Owner current(Optional<String> serverId) {
        return serverId.map(Owner::new).orElseGet(() -> new Owner(RUNNER + ProcessHandle.current().pid() + "@" + host()));
    }

    public boolean isRunner() {
        return id.startsWith(RUNNER);
    }

    /**
     * Whether a run recorded as in flight under {@code recorded} can no longer be running, seen from this JVM just
     * after it started (when it runs nothing yet): it was this server's (it restarted), or a runner process on this
     * machine that has ended. A run of another server, or of a runner still alive, is not this JVM's to decide.
     */
    public boolean outlived(String recorded) {
        if (recorded == null) {
            return !isRunner(); // recorded before owners: a server owns its database alone
        }
        if (recorded.equals(id)) {
            return true;
        }
        if (recorded.startsWith(RUNNER)) {
            int at = recorded.indexOf('@');
            String host = at < 0 ? "" : recorded.substring(at + 1);
            try {
                long pid = Long.parseLong(recorded.substring(RUNNER.length(), at < 0 ? recorded.length() : at));
                return host.equals(host()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
