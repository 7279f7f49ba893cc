/**
 * What becomes of a delivery that did not simply succeed: a pure decision (a {@link io.mmate.failure.Settlement}) from
 * the dispatch outcome, the message's failure history and the retry policy, and the republishing of failed messages
 * to their delayed redelivery or dead-letter queue.
 */
package io.mmate.failure;
