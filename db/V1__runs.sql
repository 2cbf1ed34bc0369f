-- Braid's run records. One RUN per Jakarta Batch job instance (restarts are new executions of the same
-- run); one TASK_RUN per task of the workflow. Times are epoch milliseconds (UTC).
CREATE TABLE RUN (
    ID            BIGINT        NOT NULL PRIMARY KEY, -- = job instance id
    WORKFLOW      VARCHAR(64)   NOT NULL,
    STATUS        VARCHAR(16)   NOT NULL,
    EXECUTION_ID  BIGINT        NOT NULL,             -- latest job execution
    EXECUTIONS    INT           NOT NULL,
    SUBMITTED_BY  VARCHAR(128),
    CREATED_AT    BIGINT        NOT NULL,
    STARTED_AT    BIGINT,
    ENDED_AT      BIGINT
);

CREATE INDEX RUN_WORKFLOW ON RUN (WORKFLOW, ID);

CREATE TABLE TASK_RUN (
    RUN_ID        BIGINT        NOT NULL REFERENCES RUN (ID) ON DELETE CASCADE,
    TASK_ID       VARCHAR(64)   NOT NULL,
    POSITION      INT           NOT NULL,             -- declaration order in the workflow
    STATUS        VARCHAR(16)   NOT NULL,
    WAITING_FOR   VARCHAR(256),
    ATTEMPTS      INT           NOT NULL,
    EXECUTION_ID  BIGINT,                             -- job execution of the last attempt
    STARTED_AT    BIGINT,
    ENDED_AT      BIGINT,
    ERROR         VARCHAR(4000),
    PRIMARY KEY (RUN_ID, TASK_ID)
);
