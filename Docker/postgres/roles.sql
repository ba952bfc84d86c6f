-- Roles and database of the Intake311 stack (run by Docker/stack.sh as the cluster superuser).
-- intake_owner owns the schema and runs migrations; intake_writer may only insert and update
-- (the case writer); intake_reader may only read cases (operators, near-duplicate checks).
-- The grants on tables are made by the migrations themselves.
\set ON_ERROR_STOP on
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['intake_owner', 'intake_writer', 'intake_reader']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE intake_owner PASSWORD :'owner_password';
ALTER ROLE intake_writer PASSWORD :'writer_password';
ALTER ROLE intake_reader PASSWORD :'reader_password';
SELECT 'CREATE DATABASE intake OWNER intake_owner' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'intake') \gexec
\c intake
REVOKE ALL ON DATABASE intake FROM PUBLIC;
GRANT CONNECT ON DATABASE intake TO intake_writer, intake_reader;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO intake_writer, intake_reader;
