-- The workflow status store of Mmate for Spring Boot (PostgreSQL 9.5+). One row per workflow instance, written from
-- its events; version is the version of the workflow state of the last event, and a row changes only to a status of
-- the same or a higher version.
CREATE TABLE IF NOT EXISTS mmate_workflow_status (
    instance_id      VARCHAR(255)  NOT NULL PRIMARY KEY,
    workflow_id      VARCHAR(255)  NOT NULL,
    status           VARCHAR(32)   NOT NULL,
    completed_stages INTEGER       NOT NULL,
    total_stages     INTEGER       NOT NULL,
    error            VARCHAR(4000),
    version          BIGINT        NOT NULL,
    updated_at       TIMESTAMP     NOT NULL
);
CREATE INDEX IF NOT EXISTS mmate_workflow_status_updated ON mmate_workflow_status (updated_at);
