package io.mmate.topology;

import java.util.List;

import io.mmate.MessageKind;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MismatchReport}, with the reply texts of RabbitMQ 3.10.
 */
class MismatchReportTests {

	@Test
	void quorumTypeForAClassicQueueNamesTheQueueTypeThoughTheBrokerReportsADeadLetterArgument() {
		String report = explain(serviceQueue(TestSettings.service("svc").type(QueueType.QUORUM)),
				inequivalent("x-dead-letter-exchange", "the value 'mmate.dlx' of type 'longstr'", "none"));
		assertThat(report).startsWith("queue 'svc-queue' already exists on the broker with other properties than "
				+ "this service declares: argument 'x-dead-letter-exchange' differs, the existing queue has none, this "
				+ "service declares 'mmate.dlx'")
			.contains("'x-dead-letter-exchange' is decided by mmate.queue.type (quorum), "
					+ "mmate.queue.delivery-limit (20) and mmate.dead-letter.enabled (true)")
			.contains("Set them to match the existing queue, or delete the queue so that it is declared again "
					+ "(for example: rabbitmqctl -p / delete_queue svc-queue; deleting a queue drops its messages)")
			.contains("x-queue-type=quorum");
	}

	@Test
	void classicTypeForAQuorumQueueNamesTheQueueType() {
		String report = explain(serviceQueue(TestSettings.service("svc")),
				inequivalent("x-queue-type", "none", "the value 'quorum' of type 'longstr'"));
		assertThat(report).contains("argument 'x-queue-type' differs, the existing queue has 'quorum', this "
				+ "service declares none")
			.contains("'x-queue-type' is decided by mmate.queue.type (classic)");
	}

	@Test
	void singleActiveConsumerNamesFifo() {
		String report = explain(serviceQueue(TestSettings.service("svc")),
				inequivalent("x-single-active-consumer", "none", "the value 'true' of type 'bool'"));
		assertThat(report).contains("'x-single-active-consumer' is decided by mmate.fifo (false)");
	}

	@Test
	void otherArgumentNamesItsQueueArgumentsProperty() {
		assertThat(explain(serviceQueue(TestSettings.service("svc")),
				inequivalent("x-max-length", "none", "the value '5' of type 'signedint'")))
			.contains("'x-max-length' is decided by mmate.queue.arguments.x-max-length (not set)");
		assertThat(explain(serviceQueue(TestSettings.service("svc").argument("x-max-length", 10L)),
				inequivalent("x-max-length", "the value '10' of type 'long'", "the value '5' of type 'signedint'")))
			.contains("the existing queue has '5', this service declares '10'")
			.contains("'x-max-length' is decided by mmate.queue.arguments.x-max-length (10)");
	}

	@Test
	void deadLetterQueueNamesOnlyTheQueueType() {
		List<Declarable> declarables = TopologyFactory
			.create(TestSettings.service("svc").build(), List.of(TestSettings.handler("Ping", MessageKind.COMMAND)))
			.declarables(null)
			.getDeclarables()
			.stream()
			.filter((declarable) -> declarable instanceof Queue queue && queue.getName().equals("dlq.svc-queue"))
			.toList();
		assertThat(explain(declarables.get(0),
				inequivalent("x-queue-type", "none", "the value 'quorum' of type 'longstr'")))
			.contains("'x-queue-type' is decided by mmate.queue.type (classic)");
		assertThat(explain(declarables.get(0),
				inequivalent("x-max-length", "none", "the value '5' of type 'signedint'")))
			.contains("No mmate.* setting decides this; delete the queue");
	}

	@Test
	void exchangeIsExplainedAsGoDeclaresIt() {
		String report = explain(new TopicExchange("mmate.events", true, false),
				"PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'mmate.events' in vhost '/': received "
						+ "'topic' but current is 'direct'");
		assertThat(report).startsWith("exchange 'mmate.events' already exists")
			.contains("argument 'type' differs, the existing exchange has 'direct', this service declares 'topic'")
			.contains("durable, of type topic and without arguments")
			.contains("rabbitmqctl -p / delete_exchange mmate.events).");
	}

	@Test
	void deleteCommandNamesTheVhostOfTheRefusal() {
		TopologyMismatchException failure = MismatchReport.explain(serviceQueue(TestSettings.service("svc")),
				"PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'svc-queue' in vhost 'orders': "
						+ "received none but current is the value 'quorum' of type 'longstr'",
				null);
		assertThat(failure.getDescription()).startsWith("queue 'svc-queue' already exists on the broker")
			.doesNotContain("rabbitmqctl");
		assertThat(failure.getAction()).contains("rabbitmqctl -p orders delete_queue svc-queue");
	}

	@Test
	void replyTextOfAnotherFormIsQuoted() {
		assertThat(explain(serviceQueue(TestSettings.service("svc")), "PRECONDITION_FAILED - odd"))
			.contains("(the broker names the first difference only: PRECONDITION_FAILED - odd)")
			.contains("No mmate.* setting decides this");
	}

	private static Declarable serviceQueue(TestSettings settings) {
		return TopologyFactory.create(settings.build(), List.of(TestSettings.handler("Ping", MessageKind.COMMAND)))
			.declarables(null)
			.getDeclarablesByType(Queue.class)
			.get(0);
	}

	private static String inequivalent(String argument, String received, String current) {
		return "PRECONDITION_FAILED - inequivalent arg '" + argument + "' for queue 'svc-queue' in vhost '/': received "
				+ received + " but current is " + current;
	}

	private static String explain(Declarable declarable, String replyText) {
		return MismatchReport.explain(declarable, replyText, null).getMessage();
	}

}
