/**
 * Names and declarations of the broker topology: the Mmate exchanges, service queues, their bindings and
 * dead-letter queues.
 */
package io.mmate.topology;
