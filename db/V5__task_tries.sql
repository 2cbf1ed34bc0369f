-- Each try of a task (PART = -1) and each try of each fan-out partition (PART = partition index), for the
-- dashboard's Gantt chart and the run report: a retry within a step, and every job execution after a restart,
-- adds a row. SEQ counts the tries of one task or partition from 1.
CREATE TABLE TASK_TRY (
    RUN_ID        BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    PART          INT           NOT NULL,
    SEQ           INT           NOT NULL,
    EXECUTION_ID  BIGINT        NOT NULL,
    ITEM          VARCHAR(256),                       -- the partition's item as JSON (fan-out)
    STARTED_AT    BIGINT        NOT NULL,
    ENDED_AT      BIGINT,
    STATUS        VARCHAR(16)   NOT NULL,
    ERROR         VARCHAR(4000),
    PRIMARY KEY (RUN_ID, TASK_ID, PART, SEQ),
    FOREIGN KEY (RUN_ID, TASK_ID) REFERENCES TASK_RUN (RUN_ID, TASK_ID) ON DELETE CASCADE
);
