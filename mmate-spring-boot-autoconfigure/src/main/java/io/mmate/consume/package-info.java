/**
 * Consuming the service queue: handler discovery, the listener container and what each outcome does to a delivery.
 */
package io.mmate.consume;
