package io.braid.runs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** Row of BRAID.TASK_RUN. */
@Entity
@Table(name = "TASK_RUN", schema = "BRAID")
@IdClass(TaskEntity.Key.class)
public class TaskEntity {
    @Id
    @Column(name = "RUN_ID")
    long runId;
    @Id
    @Column(name = "TASK_ID")
    String taskId;
    @Column(name = "POSITION")
    int position;
    @Column(name = "STATUS")
    String status;
    @Column(name = "WAITING_FOR")
    String waitingFor;
    @Column(name = "ATTEMPTS")
    int attempts;
    @Column(name = "EXECUTION_ID")
    Long executionId;
    @Column(name = "STARTED_AT")
    Long startedAt;
    @Column(name = "HEARTBEAT_AT")
    Long heartbeatAt;
    @Column(name = "PROGRESS")
    String progress;
    @Column(name = "ENDED_AT")
    Long endedAt;
    @Column(name = "ERROR")
    String error;

    /** Composite primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        long runId;
        String taskId;

        public Key() {
        }

        public Key(long runId, String taskId) {
            this.runId = runId;
            this.taskId = taskId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.runId == runId && k.taskId.equals(taskId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, taskId);
        }
    }
}
