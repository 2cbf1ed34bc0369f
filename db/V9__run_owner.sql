-- Which server (or embedded runner process) runs each run's current execution: after a crash, only the owner's
-- runs are reconciled when it starts again (see docs/operations.md, "When a server or runner dies").
ALTER TABLE RUN ADD COLUMN OWNER VARCHAR(200);
