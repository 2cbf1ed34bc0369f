-- Braid on several servers sharing one database (docs/scale-out.md).
-- Which server (or embedded runner process) ran each try: with Liberty's multi-JVM batch, the partitions of one
-- fan-out task run on several servers.
ALTER TABLE TASK_TRY ADD COLUMN SERVER VARCHAR(200);

-- What is asked of a run that executes on another server of a cluster (stop it, cancel one of its tasks): the server
-- executing it takes the request from here. TASK_ID is '' for a stop.
CREATE TABLE RUN_REQUEST (
    RUN_ID        BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    REQUESTED_AT  BIGINT        NOT NULL,
    PRIMARY KEY (RUN_ID, TASK_ID)
);
