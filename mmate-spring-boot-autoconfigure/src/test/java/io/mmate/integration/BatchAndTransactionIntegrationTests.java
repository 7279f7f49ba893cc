package io.mmate.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.mmate.BatchMessage;
import io.mmate.BatchResult;
import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MessageTransactions;
import io.mmate.PublishException;
import io.mmate.PublishReceipt;
import io.mmate.UnroutableMessageException;
import io.mmate.testsupport.NoOpTransactionManager;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Batch and transactional publishing on a real broker.
 */
class BatchAndTransactionIntegrationTests {

	private static final String TARGET = IntegrationTestSupport.uniqueServiceName("batch-it");

	@Test
	void batchOfTenThousandWithOneUnroutableReportsExactlyThatOne() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindQueue(context);
			List<BatchMessage> batch = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				batch.add((i == 4321) ? BatchMessage.command(new Parcel(i), "nobody-" + TARGET)
						: BatchMessage.command(new Parcel(i), TARGET));
			}
			BatchResult result = context.getBean(MessagePublisher.class).publishBatch(batch).get(60, TimeUnit.SECONDS);
			System.out.printf("batch of 10000: confirmed=%d failed=%d (index %s)%n", result.confirmed().size(),
					result.failures().size(), result.failures().stream().map(BatchResult.Failure::index).toList());
			assertThat(result.failures()).singleElement().satisfies((failure) -> {
				assertThat(failure.index()).isEqualTo(4321);
				assertThat(failure.error()).isInstanceOf(UnroutableMessageException.class);
				assertThat(failure.message().message()).isEqualTo(new Parcel(4321));
			});
			assertThat(result.confirmed()).hasSize(9_999);
			assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isEqualTo(9_999);
		});
	}

	@Test
	void transactionPublishesAllOrNothing() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindQueue(context);
			MessageTransactions transactions = context.getBean(MessageTransactions.class);
			assertThatIllegalStateException().isThrownBy(() -> transactions.publishAtomically((publisher) -> {
				publisher.sendCommand(new Parcel(1), TARGET);
				publisher.sendCommand(new Parcel(2), TARGET);
				throw new IllegalStateException("failing midway");
			}));
			assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isZero();
			List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>();
			transactions.publishAtomically((publisher) -> {
				confirms.add(publisher.sendCommand(new Parcel(5), TARGET));
				confirms.add(publisher.sendCommand(new Parcel(6), TARGET));
			});
			assertThat(confirms).allSatisfy((confirm) -> assertThat(confirm).isCompleted());
			assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isEqualTo(2);
		});
	}

	@Test
	void unroutableMessageInATransactionFailsAfterTheCommit() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindQueue(context);
			List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>();
			assertThatExceptionOfType(UnroutableMessageException.class)
				.isThrownBy(() -> context.getBean(MessageTransactions.class).publishAtomically((publisher) -> {
					confirms.add(publisher.sendCommand(new Parcel(3), TARGET));
					confirms.add(publisher.sendCommand(new Parcel(4), "nobody-" + TARGET));
				}))
				.withMessageContaining("cmd.nobody-" + TARGET);
			// The broker routes on commit: the routable message is committed, the unroutable one reported.
			assertThat(confirms.get(0)).isCompleted();
			assertThat(confirms.get(1)).isCompletedExceptionally();
			assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isEqualTo(1);
		});
	}

	@Test
	void publishInsideASpringTransactionWaitsForTheCommitAndIsDroppedOnRollback() {
		IntegrationTestSupport.runner().run((context) -> {
			Queue queue = bindQueue(context);
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			TransactionTemplate transaction = new TransactionTemplate(new NoOpTransactionManager());
			List<CompletableFuture<PublishReceipt>> confirms = new ArrayList<>();
			transaction.executeWithoutResult((status) -> {
				confirms.add(publisher.sendCommand(new Parcel(1), TARGET));
				assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isZero();
			});
			confirms.get(0).get(10, TimeUnit.SECONDS);
			assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isEqualTo(1);
			transaction.executeWithoutResult((status) -> {
				confirms.add(publisher.sendCommand(new Parcel(2), TARGET));
				status.setRollbackOnly();
			});
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> confirms.get(1).get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(PublishException.class)
				.withMessageContaining("did not commit");
			assertThat(admin(context).getQueueInfo(queue.getName()).getMessageCount()).isEqualTo(1);
		});
	}

	private static Queue bindQueue(AssertableApplicationContext context) {
		RabbitAdmin admin = admin(context);
		Queue queue = admin.declareQueue();
		admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange("mmate.commands"))
			.with("cmd." + TARGET + ".Parcel"));
		return queue;
	}

	private static RabbitAdmin admin(AssertableApplicationContext context) {
		return new RabbitAdmin(context.getBean(RabbitTemplate.class));
	}

	record Parcel(int number) implements Command {
	}

}
