/**
 * The workflow events that Mmate's Go StageFlow engine publishes on {@code mmate.events}, as Java records, so that a
 * Java service can follow a Go workflow with {@link io.mmate.MmateHandler} methods.
 */
package io.mmate.stageflow;
