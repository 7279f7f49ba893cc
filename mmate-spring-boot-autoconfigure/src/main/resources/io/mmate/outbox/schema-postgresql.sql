-- The transactional outbox of Mmate for Spring Boot (PostgreSQL 9.5+). Rows are written in the application's
-- transaction and published by a relay; sent_at is set once the broker confirmed the message.
CREATE TABLE IF NOT EXISTS mmate_outbox (
    id           BIGSERIAL     NOT NULL PRIMARY KEY,
    message_id   VARCHAR(255)  NOT NULL,
    exchange     VARCHAR(255)  NOT NULL,
    routing_key  VARCHAR(255)  NOT NULL,
    mandatory    BOOLEAN       NOT NULL,
    ordering_key VARCHAR(255),
    properties   BYTEA         NOT NULL,
    body         BYTEA         NOT NULL,
    created_at   TIMESTAMP     NOT NULL,
    sent_at      TIMESTAMP,
    attempts     INTEGER       NOT NULL DEFAULT 0,
    last_error   VARCHAR(1000)
);
CREATE INDEX IF NOT EXISTS mmate_outbox_unsent ON mmate_outbox (sent_at, id);
