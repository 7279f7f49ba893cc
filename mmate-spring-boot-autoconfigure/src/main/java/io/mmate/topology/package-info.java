/**
 * Names and declarations of the broker topology: the Mmate exchanges, service queues, their bindings and
 * dead-letter queues, and what the broker reports about a queue.
 */
package io.mmate.topology;
