-- Outputs a task published (http, sql, csv-import, fan-out), read by later tasks through
-- expressions tasks.<id>.outputs.<key> and shown by the API. VALUE is JSON: a string, number, list or object.
CREATE TABLE TASK_OUTPUT (
    RUN_ID        BIGINT         NOT NULL,
    TASK_ID       VARCHAR(64)    NOT NULL,
    NAME          VARCHAR(128)   NOT NULL,
    VALUE_JSON    CLOB           NOT NULL,
    PRIMARY KEY (RUN_ID, TASK_ID, NAME),
    FOREIGN KEY (RUN_ID, TASK_ID) REFERENCES TASK_RUN (RUN_ID, TASK_ID) ON DELETE CASCADE
);
