package io.mmate.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code mmate} health indicator, under {@code management.health.mmate} like Spring
 * Boot's own indicators. {@code management.health.mmate.enabled} turns it off.
 */
@ConfigurationProperties("management.health.mmate")
public class MmateHealthIndicatorProperties {

	/**
	 * Number of messages in the dead-letter queue of the service queue above which the status is DEGRADED. No limit
	 * when not set.
	 */
	private Long deadLetterThreshold;

	/**
	 * Number of messages ready in the service queue above which the status is DEGRADED. No limit when not set.
	 */
	private Long backlogThreshold;

	/**
	 * How long queue counts read from the broker are reused by later health checks. 0 reads them every time.
	 */
	private Duration cacheTimeToLive = Duration.ofSeconds(5);

	public Long getDeadLetterThreshold() {
		return this.deadLetterThreshold;
	}

	public void setDeadLetterThreshold(Long deadLetterThreshold) {
		this.deadLetterThreshold = deadLetterThreshold;
	}

	public Long getBacklogThreshold() {
		return this.backlogThreshold;
	}

	public void setBacklogThreshold(Long backlogThreshold) {
		this.backlogThreshold = backlogThreshold;
	}

	public Duration getCacheTimeToLive() {
		return this.cacheTimeToLive;
	}

	public void setCacheTimeToLive(Duration cacheTimeToLive) {
		this.cacheTimeToLive = cacheTimeToLive;
	}

}
