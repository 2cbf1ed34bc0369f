package io.braid.runs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** Row of BRAID.RUN (see db/V1__runs.sql). Mutable because JPA needs it; never leaves the run record stores ({@link JpaRunRecorder}, {@link JpaRunExplorer}). */
@Entity
@Table(name = "RUN", schema = "BRAID")
public class RunEntity {
    @Id
    @Column(name = "ID")
    long id;
    @Column(name = "WORKFLOW")
    String workflow;
    @Column(name = "STATUS")
    String status;
    @Column(name = "EXECUTION_ID")
    long executionId;
    @Column(name = "EXECUTIONS")
    int executions;
    @Column(name = "SUBMITTED_BY")
    String submittedBy;
    @Column(name = "CREATED_AT")
    long createdAt;
    @Column(name = "STARTED_AT")
    Long startedAt;
    @Column(name = "ENDED_AT")
    Long endedAt;
    @Lob
    @Column(name = "DAG")
    String dag;
    @Column(name = "REASON")
    String reason;
    @Column(name = "OWNER")
    String owner;
}
