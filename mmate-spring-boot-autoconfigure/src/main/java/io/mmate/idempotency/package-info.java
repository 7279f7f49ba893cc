/**
 * Idempotent handling: stores of the message ids already handled, and the interceptor that skips them.
 */
package io.mmate.idempotency;
