#!/bin/sh
# Runs once when the compose database is first created: the roles and database of roles.sql.
set -e
psql -v ON_ERROR_STOP=1 -U postgres -d postgres \
  -v owner_password="$PG_PASSWORD_OWNER" -v writer_password="$PG_PASSWORD_WRITER" -v reader_password="$PG_PASSWORD_READER" \
  -f /intake/roles.sql
