package io.mmate.autoconfigure.health;

import java.net.URI;
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

	/**
	 * Base URL of the RabbitMQ management HTTP API (the rabbitmq_management plugin), such as
	 * http://rabbitmq.example.com:15672, from which the health indicator reads the cluster: the node of the
	 * application's connection, the running nodes, and the leader and members of the starter's quorum queues. Answers
	 * are reused for cache-time-to-live. No cluster details when not set.
	 */
	private URI managementUrl;

	/**
	 * User of the management API, which needs the "monitoring" (or "administrator") tag. Defaults to
	 * spring.rabbitmq.username.
	 */
	private String managementUsername;

	/**
	 * Password of the management API user. Defaults to spring.rabbitmq.password.
	 */
	private String managementPassword;

	/**
	 * How long to wait for a connection to the management API and for each of its answers.
	 */
	private Duration managementTimeout = Duration.ofSeconds(2);

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

	public URI getManagementUrl() {
		return this.managementUrl;
	}

	public void setManagementUrl(URI managementUrl) {
		this.managementUrl = managementUrl;
	}

	public String getManagementUsername() {
		return this.managementUsername;
	}

	public void setManagementUsername(String managementUsername) {
		this.managementUsername = managementUsername;
	}

	public String getManagementPassword() {
		return this.managementPassword;
	}

	public void setManagementPassword(String managementPassword) {
		this.managementPassword = managementPassword;
	}

	public Duration getManagementTimeout() {
		return this.managementTimeout;
	}

	public void setManagementTimeout(Duration managementTimeout) {
		this.managementTimeout = managementTimeout;
	}

}
