-- Each run keeps the dependency graph it ran with (the compiled job's braid.dag: "task:need,need;…"), so the
-- dashboard, the report and the root cause show the right graph even for a job submitted inline or a workflow
-- changed since.
ALTER TABLE RUN ADD COLUMN DAG CLOB;
