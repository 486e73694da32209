-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d).
-- One database per service: services share events, never tables.
-- Development credentials only: production databases are provisioned outside this repo.
CREATE USER contest WITH PASSWORD 'contest';

-- Owning the database gives contest CREATE on its public schema (PostgreSQL 15 revoked it from PUBLIC).
CREATE DATABASE registration OWNER contest;
CREATE DATABASE review OWNER contest;
CREATE DATABASE ranking OWNER contest;
CREATE DATABASE notify OWNER contest;
CREATE DATABASE gateway OWNER contest;
