/**
 * Consuming a queue, whatever its kind (the service queue, partitions, a broadcast queue): each delivery is decoded,
 * gated, dispatched, decided on and settled, and the listener container hands the queue over in order on stop.
 */
package io.mmate.listener;
