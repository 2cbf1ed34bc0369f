package io.braid.tasks.csv;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Whether the current thread runs inside a container (JTA) transaction, e.g. Liberty's chunk transaction. */
final class Transactions {
    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

    private Transactions() {
    }

    static boolean inGlobalTransaction() {
        try {
            Object registry = new InitialContext().lookup(REGISTRY);
            return registry instanceof jakarta.transaction.TransactionSynchronizationRegistry r
                    && r.getTransactionStatus() == jakarta.transaction.Status.STATUS_ACTIVE;
        } catch (NamingException | RuntimeException e) {
            return false; // no JNDI or no transaction manager (the embedded runner): local transactions only
        }
    }
}
