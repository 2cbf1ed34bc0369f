-- Fan-out partitions run only as the server running their job began them (docs/security.md, "Cluster messages").
-- The job parameters of each job execution, as the server running the job saw them when it began (a SHA-256 of the
-- workflow's parameter values): a partition whose parameters differ was not dispatched by that server. Deleted when
-- the execution ends.
CREATE TABLE EXECUTION_PARAMS (
    EXECUTION_ID  BIGINT        NOT NULL PRIMARY KEY,
    RUN_ID        BIGINT        NOT NULL,
    DIGEST        VARCHAR(64)   NOT NULL
);

-- Each partition index of a task runs at most once per job execution: its first start inserts the row, a replayed or
-- duplicated partition message finds it and is refused. Deleted when the execution ends.
CREATE TABLE PARTITION_CLAIM (
    EXECUTION_ID  BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    PART          INT           NOT NULL,
    SERVER_ID     VARCHAR(200),
    CLAIMED_AT    BIGINT        NOT NULL,
    PRIMARY KEY (EXECUTION_ID, TASK_ID, PART)
);
