/**
 * The transactional outbox: publishes made inside a database transaction are written to an outbox table in that
 * transaction and published by a relay after the commit, so that a crash between the commit and the publish loses
 * nothing.
 */
package io.mmate.outbox;
