package io.braid.runs;

import io.braid.config.ConfigValues;
import io.braid.db.Database;
import io.braid.db.Transient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What the run record stores share: Braid's persistence unit in short resource-local transactions, and one writer for
 * the per-task writes that go behind ({@link WriteBehind}). Every other write and every read, in whichever store,
 * first waits for the writes queued before it, so the stores keep one order between them.
 */
@ApplicationScoped
public class Records {
    static final int MAX_ERROR = 4000;
    /** How long a transaction of record writes is tried again while the database is away. */
    static final Duration RETRY_FOR = Duration.ofSeconds(30);

    @Inject
    Database database;
    /** This JVM in the tries it records: with Liberty's multi-JVM batch, a run's partitions run on several servers. */
    private final String server = Owner.current(ConfigValues.current().raw("braid.server.id")).id();
    private final WriteBehind behind = new WriteBehind(() -> database.dataSource(), "braid-records-writer");

    @PreDestroy
    void close() {
        behind.close();
    }

    String server() {
        return server;
    }

    /** Returns once every write submitted before it is in the database. */
    void flush() {
        behind.flush();
    }

    void submit(WriteBehind.SqlWrite write) {
        behind.submit(write);
    }

    static List<TaskEntity> tasksOf(EntityManager em, long runId) {
        return em.createQuery("SELECT t FROM TaskEntity t WHERE t.runId = :r ORDER BY t.position", TaskEntity.class)
                .setParameter("r", runId).getResultList();
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static String truncate(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
    }

    <T> T read(Function<EntityManager, T> work) {
        EntityManager em = database.emf().createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * For the two writers that may create a run's row at the same moment (the API that started the job, and the job's
     * own listener): a lock on a row that does not exist yet holds nothing, so both may insert; the one that loses on
     * the primary key does its work again, and then finds the row.
     */
    <T> T inTransactionOnce(Function<EntityManager, T> work) {
        try {
            return inTransaction(work);
        } catch (PersistenceException e) {
            if (!duplicateKey(e)) {
                throw e;
            }
            return inTransaction(work);
        }
    }

    private static boolean duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One transaction of record writes. While the database is away ({@link Transient}: a lost connection, a pool that
     * gave none in time) it is tried again for up to {@link #RETRY_FOR}, waiting longer each time: a run's start or end
     * is recorded late rather than lost, and the job thread waits meanwhile.
     */
    <T> T inTransaction(Function<EntityManager, T> work) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        long backoff = WriteBehind.MIN_BACKOFF_MS;
        while (true) {
            try {
                return once(work);
            } catch (RuntimeException e) {
                if (!Transient.is(e) || System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(WriteBehind.MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private <T> T once(Function<EntityManager, T> work) {
        EntityManager em = database.emf().createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }
}
