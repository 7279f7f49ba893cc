/**
 * Operating on dead-letter queues: list their messages with the failure headers, replay them with a fresh attempt
 * count, purge them.
 */
package io.mmate.deadletter;
