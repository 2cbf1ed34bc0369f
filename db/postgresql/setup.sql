-- One-time set-up of PostgreSQL for Braid, run by a database administrator (docs/scale-out.md):
--   psql -h <host> -U postgres -v db=braid -v password="'braid'" -v tasks_password="'braid-tasks'" -f db/postgresql/setup.sql
-- Idempotent. Braid's own tables are created by its migrations when the first server starts, as user braid.
-- PostgreSQL must also allow prepared transactions (XA): max_prepared_transactions > 0, e.g.
--   ALTER SYSTEM SET max_prepared_transactions = 100;   -- then restart PostgreSQL
\set ON_ERROR_STOP on

-- Braid's user: owns Braid's records (schema braid) and Liberty's job repository (schema jbatch)
SELECT 'CREATE ROLE braid LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'braid') \gexec
ALTER ROLE braid PASSWORD :password;
-- the user workflow SQL runs as (sql, csv-import): no rights on Braid's records but its progress rows
SELECT 'CREATE ROLE braid_tasks LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'braid_tasks') \gexec
ALTER ROLE braid_tasks PASSWORD :tasks_password;

SELECT format('CREATE DATABASE %I OWNER braid', :'db') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
\connect :db
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS jbatch AUTHORIZATION braid;
CREATE SCHEMA IF NOT EXISTS tasks AUTHORIZATION braid_tasks;
