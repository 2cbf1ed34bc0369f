-- Progress of Braid's own chunk tasks (csv-import), written by the writer in the same transaction as the
-- rows it inserts, so a restart continues exactly after the last committed row: no row lost, none twice.
CREATE TABLE CHUNK_PROGRESS (
    RUN_ID        BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    RECORDS_DONE  BIGINT        NOT NULL,             -- data records consumed up to the last commit
    ROWS_WRITTEN  BIGINT        NOT NULL,
    PRIMARY KEY (RUN_ID, TASK_ID)
);

-- Items a chunk task skipped (bad lines), with where and why.
CREATE TABLE TASK_SKIP (
    RUN_ID        BIGINT         NOT NULL,
    TASK_ID       VARCHAR(64)    NOT NULL,
    LINE_NO       BIGINT         NOT NULL,
    REASON        VARCHAR(1000)  NOT NULL,
    PRIMARY KEY (RUN_ID, TASK_ID, LINE_NO)
);
