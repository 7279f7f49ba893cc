package io.mmate.test;

/**
 * Entry point of the AssertJ assertions for what passes through the {@link MmateTestHarness}: import
 * {@code MmateAssertions.assertThat} statically beside AssertJ's own.
 * <pre class="code">
 * assertThat(harness.published(OrderPlacedEvent.class).get(0)).hasExchange("mmate.events")
 *     .hasRoutingKey("evt.o-1.OrderPlacedEvent")
 *     .hasPayloadField("orderId", "o-1");
 * assertThat(harness.sendCommand(command)).wasDeadLetteredWith(DeadLetterReason.VALIDATION_FAILED);
 * </pre>
 */
public final class MmateAssertions {

	private MmateAssertions() {
	}

	/**
	 * Assertions on a recorded message.
	 * @param actual the message
	 * @return the assertions
	 */
	public static RecordedMessageAssert assertThat(RecordedMessage actual) {
		return new RecordedMessageAssert(actual);
	}

	/**
	 * Assertions on what became of a delivery.
	 * @param actual the result
	 * @return the assertions
	 */
	public static HandlingResultAssert assertThat(HandlingResult actual) {
		return new HandlingResultAssert(actual);
	}

}
