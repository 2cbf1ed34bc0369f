-- The database resource ledger (braid.ledger=database, io.braid.gate.JdbcLedger): groups, rate windows, leased
-- locks and the cluster cap shared by every server on this database. Times are the database's clock, in epoch
-- milliseconds. See docs/architecture.md, "Sharing limits between servers".

-- One row per resource name (group:<g>, lock:<l>, cluster), created on first use and never deleted. Only ever
-- row-locked (SELECT ... FOR UPDATE, in name order): whoever holds a resource's row decides about that resource.
CREATE TABLE LEDGER_RESOURCE (
    NAME          VARCHAR(200)  NOT NULL PRIMARY KEY
);

-- One row per holder (run, task): its group slot (GROUP_NAME, if any), fencing token and lease.
CREATE TABLE LEDGER_LEASE (
    RUN_ID        BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    GROUP_NAME    VARCHAR(200),
    TOKEN         BIGINT        NOT NULL,
    GRANTED_AT    BIGINT        NOT NULL,
    EXPIRES_AT    BIGINT        NOT NULL,
    SERVER_ID     VARCHAR(200),
    PRIMARY KEY (RUN_ID, TASK_ID)
);
CREATE INDEX LEDGER_LEASE_GROUP ON LEDGER_LEASE (GROUP_NAME);

-- The locks a holder holds, each exclusive or shared; they go with the lease.
CREATE TABLE LEDGER_LEASE_LOCK (
    RUN_ID        BIGINT        NOT NULL,
    TASK_ID       VARCHAR(64)   NOT NULL,
    LOCK_NAME     VARCHAR(200)  NOT NULL,
    LOCK_MODE     VARCHAR(16)   NOT NULL,
    PRIMARY KEY (RUN_ID, TASK_ID, LOCK_NAME),
    FOREIGN KEY (RUN_ID, TASK_ID) REFERENCES LEDGER_LEASE (RUN_ID, TASK_ID) ON DELETE CASCADE
);
CREATE INDEX LEDGER_LEASE_LOCK_NAME ON LEDGER_LEASE_LOCK (LOCK_NAME);

-- Recent starts of groups with a rate (TOKEN: the grant's), pruned once older than every window of the group.
CREATE TABLE LEDGER_RATE_START (
    GROUP_NAME    VARCHAR(200)  NOT NULL,
    TOKEN         BIGINT        NOT NULL,
    STARTED_AT    BIGINT        NOT NULL,
    PRIMARY KEY (GROUP_NAME, TOKEN)
);

-- Groups declared by the runs registered now (RATE_STARTS/RATE_WINDOW_MS null: no rate; MAX_CONCURRENT 0: none).
CREATE TABLE LEDGER_GROUP_DEF (
    RUN_ID         BIGINT        NOT NULL,
    GROUP_NAME     VARCHAR(200)  NOT NULL,
    MAX_CONCURRENT INT           NOT NULL,
    RATE_STARTS    INT,
    RATE_WINDOW_MS BIGINT,
    PRIMARY KEY (RUN_ID, GROUP_NAME)
);

-- The last fencing token granted: one row, incremented under its row lock by every grant (last of its locks).
CREATE TABLE LEDGER_TOKEN (
    ID            INT           NOT NULL PRIMARY KEY,
    LAST_TOKEN    BIGINT        NOT NULL
);
INSERT INTO LEDGER_TOKEN (ID, LAST_TOKEN) VALUES (1, 0);
