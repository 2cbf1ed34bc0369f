package io.braid.runs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** Row of BRAID.TASK_TRY: one try of a task ({@code part} -1) or of one fan-out partition. */
@Entity
@Table(name = "TASK_TRY", schema = "BRAID")
@IdClass(TryEntity.Key.class)
public class TryEntity {
    @Id
    @Column(name = "RUN_ID")
    long runId;
    @Id
    @Column(name = "TASK_ID")
    String taskId;
    @Id
    @Column(name = "PART")
    int part;
    @Id
    @Column(name = "SEQ")
    int seq;
    @Column(name = "EXECUTION_ID")
    long executionId;
    @Column(name = "ITEM")
    String item;
    @Column(name = "STARTED_AT")
    long startedAt;
    @Column(name = "ENDED_AT")
    Long endedAt;
    @Column(name = "STATUS")
    String status;
    @Column(name = "ERROR")
    String error;
    @Column(name = "SERVER")
    String server;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        long runId;
        String taskId;
        int part;
        int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.runId == runId && k.taskId.equals(taskId) && k.part == part && k.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, taskId, part, seq);
        }
    }
}
