package io.mmate.retry;

import java.util.Map;

/**
 * The retry policy of each message type: the default, and overrides by type name.
 */
public final class RetryPolicies {

	private final RetryPolicySettings defaults;

	private final Map<String, RetryPolicySettings> byType;

	/**
	 * Create the policies.
	 * @param defaults the policy of types without an override
	 * @param byType overrides by message type name
	 */
	public RetryPolicies(RetryPolicySettings defaults, Map<String, RetryPolicySettings> byType) {
		this.defaults = defaults;
		this.byType = Map.copyOf(byType);
	}

	/**
	 * The policy of a type.
	 * @param typeName the message type name
	 * @return its policy
	 */
	public RetryPolicySettings forType(String typeName) {
		return (typeName != null) ? this.byType.getOrDefault(typeName, this.defaults) : this.defaults;
	}

	/**
	 * The default policy.
	 * @return the policy of types without an override
	 */
	public RetryPolicySettings defaults() {
		return this.defaults;
	}

	/**
	 * The overrides.
	 * @return the policies by type name
	 */
	public Map<String, RetryPolicySettings> overrides() {
		return this.byType;
	}

}
