package io.braid.runs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** Row of BRAID.TASK_OUTPUT: one output of one task of one run, as JSON text. */
@Entity
@Table(name = "TASK_OUTPUT", schema = "BRAID")
@IdClass(OutputEntity.Key.class)
public class OutputEntity {
    @Id
    @Column(name = "RUN_ID")
    long runId;
    @Id
    @Column(name = "TASK_ID")
    String taskId;
    @Id
    @Column(name = "NAME")
    String name;
    @Lob
    @Column(name = "VALUE_JSON")
    String valueJson;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        long runId;
        String taskId;
        String name;

        public Key() {
        }

        Key(long runId, String taskId, String name) {
            this.runId = runId;
            this.taskId = taskId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.runId == runId && k.taskId.equals(taskId) && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, taskId, name);
        }
    }
}
