/**
 * Observations of publishing and handling, which become timers and trace spans, and the counters and gauges of
 * retries, dead letters and messages in flight.
 */
package io.mmate.metrics;
