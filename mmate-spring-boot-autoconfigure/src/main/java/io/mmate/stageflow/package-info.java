/**
 * StageFlow workflows, wire-compatible with Mmate's Go StageFlow engine: {@link io.mmate.stageflow.Workflow}
 * definitions run stage by stage from Go's queues by the {@link io.mmate.stageflow.StageFlowEngine}, started with the
 * {@link io.mmate.stageflow.WorkflowRunner}; Go's stage and compensation messages
 * ({@link io.mmate.stageflow.FlowMessageEnvelope}, {@link io.mmate.stageflow.CompensationMessageEnvelope}); and the
 * four workflow events Go publishes on {@code mmate.events}, as records, so that a Java service can also follow a Go
 * workflow with {@link io.mmate.MmateHandler} methods.
 */
package io.mmate.stageflow;
