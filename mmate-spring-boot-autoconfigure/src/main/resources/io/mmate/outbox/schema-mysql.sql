-- The transactional outbox of Mmate for Spring Boot (MySQL 8+, MariaDB 10.6+, InnoDB). Rows are written in the
-- application's transaction and published by a relay; sent_at is set once the broker confirmed the message.
CREATE TABLE IF NOT EXISTS mmate_outbox (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id   VARCHAR(255)  NOT NULL,
    exchange     VARCHAR(255)  NOT NULL,
    routing_key  VARCHAR(255)  NOT NULL,
    mandatory    BOOLEAN       NOT NULL,
    ordering_key VARCHAR(255),
    properties   BLOB          NOT NULL,
    body         LONGBLOB      NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    sent_at      DATETIME(6),
    attempts     INTEGER       NOT NULL DEFAULT 0,
    last_error   VARCHAR(1000),
    INDEX mmate_outbox_unsent (sent_at, id)
) ENGINE = InnoDB;
