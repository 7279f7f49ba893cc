/**
 * Scheduled and recurring publishing on the broker's delayed delivery: the {@link io.mmate.MessageScheduler}, the
 * relay that moves due messages to their exchange, and {@link io.mmate.MmateScheduled} schedules driven by tick
 * tokens.
 */
package io.mmate.schedule;
