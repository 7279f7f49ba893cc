/**
 * What the starter sets on the RabbitMQ client's connections, so that no message the broker accepts can close them.
 */
package io.mmate.connection;
