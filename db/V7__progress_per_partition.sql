-- Progress and skipped lines of tasks that work in pieces (csv-import, and your own types through the SPI's
-- Resume) are kept per fan-out partition: PART is the partition's index, -1 for a task without fan-out. So the
-- partitions of one task never read or overwrite each other's position. Replaces CHUNK_PROGRESS and TASK_SKIP.
CREATE TABLE TASK_PROGRESS (
    RUN_ID        BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    PART          INT           NOT NULL,
    POSITION      BIGINT        NOT NULL,             -- e.g. data records consumed up to the last commit
    TOTAL         BIGINT        NOT NULL,             -- e.g. rows written up to the last commit
    PRIMARY KEY (RUN_ID, TASK_ID, PART)
);
INSERT INTO TASK_PROGRESS (RUN_ID, TASK_ID, PART, POSITION, TOTAL)
    SELECT RUN_ID, TASK_ID, -1, RECORDS_DONE, ROWS_WRITTEN FROM CHUNK_PROGRESS;
DROP TABLE CHUNK_PROGRESS;

CREATE TABLE TASK_SKIPPED (
    RUN_ID        BIGINT         NOT NULL,
    TASK_ID       VARCHAR(64)    NOT NULL,
    PART          INT            NOT NULL,
    LINE_NO       BIGINT         NOT NULL,
    REASON        VARCHAR(1000)  NOT NULL,
    PRIMARY KEY (RUN_ID, TASK_ID, PART, LINE_NO)
);
INSERT INTO TASK_SKIPPED (RUN_ID, TASK_ID, PART, LINE_NO, REASON)
    SELECT RUN_ID, TASK_ID, -1, LINE_NO, REASON FROM TASK_SKIP;
DROP TABLE TASK_SKIP;
