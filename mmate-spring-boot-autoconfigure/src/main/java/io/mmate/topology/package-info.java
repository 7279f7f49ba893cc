/**
 * Names and declarations of the broker topology, and the one validated model of a service's topology built from its
 * settings and handlers: the Mmate exchanges, service queues, their bindings, dead-letter queues and partitions, and
 * what the broker reports about a queue.
 */
package io.mmate.topology;
