package io.mmate.docs.examples.interop;

import io.mmate.MmateHandler;
import io.mmate.stageflow.WorkflowCompletedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Following a Go StageFlow workflow, in {@code docs/interop.md}. Documentation example: compiled, and compared with
 * the guide by {@code DocsExamplesTests}.
 */
class StageFlowExamples {

	private static final Logger log = LoggerFactory.getLogger(StageFlowExamples.class);

	// tag::workflow-completed[]
	@MmateHandler
	void on(WorkflowCompletedEvent completed) {
		log.info("{} ({}) completed in {}: {}", completed.workflowName(), completed.instanceId(), completed.duration(),
				completed.finalData());
	}
	// end::workflow-completed[]

}
