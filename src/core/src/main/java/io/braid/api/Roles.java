package io.braid.api;

/** Liberty's batch roles, used unchanged so people have the same rights in Braid, /ibm/api/batch and Admin Center. */
final class Roles {
    static final String ADMIN = "batchAdmin";
    static final String SUBMITTER = "batchSubmitter";
    static final String MONITOR = "batchMonitor";

    private Roles() {
    }
}
