package io.braid.api;

import jakarta.ws.rs.core.SecurityContext;

/** Liberty's batch roles, used unchanged so people have the same rights in Braid, /ibm/api/batch and Admin Center. */
final class Roles {
    static final String ADMIN = "batchAdmin";
    static final String SUBMITTER = "batchSubmitter";
    static final String MONITOR = "batchMonitor";

    private Roles() {
    }

    /** A batchSubmitter only (an operator) sees the runs they submitted, like in Liberty's batch REST API. */
    static boolean ownRunsOnly(SecurityContext caller) {
        return caller != null && caller.isUserInRole(SUBMITTER) && !caller.isUserInRole(ADMIN) && !caller.isUserInRole(MONITOR);
    }

    /** Only administrators read the record of a run purged through Liberty (its job instance is gone). */
    static boolean readsPurged(SecurityContext caller) {
        return caller != null && caller.isUserInRole(ADMIN);
    }
}
