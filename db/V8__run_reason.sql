-- Why a run ended as it did when no task says it: e.g. it was refused (not a deployed workflow), or the server
-- stopped while it was in flight.
ALTER TABLE RUN ADD COLUMN REASON VARCHAR(1000);
