-- When Braid last saw each running task alive (renewed by the gate's heartbeat), and how far a chunk or
-- fan-out task has come (JSON: read, written, skipped, commits; or partitionsDone, partitions).
ALTER TABLE TASK_RUN ADD COLUMN HEARTBEAT_AT BIGINT;
ALTER TABLE TASK_RUN ADD COLUMN PROGRESS VARCHAR(1000);
