/**
 * What happens to a message that failed: dead-lettering with the reason, and in time retries.
 */
package io.mmate.retry;
