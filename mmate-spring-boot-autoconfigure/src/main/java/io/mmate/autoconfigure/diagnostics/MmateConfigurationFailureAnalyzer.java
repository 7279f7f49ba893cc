package io.mmate.autoconfigure.diagnostics;

import io.mmate.MmateConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a start-up the starter refused ({@link MmateConfigurationException}) the way Spring Boot reports its own:
 * the description of what is wrong and the action that fixes it, without the stack trace.
 */
class MmateConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<MmateConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MmateConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
