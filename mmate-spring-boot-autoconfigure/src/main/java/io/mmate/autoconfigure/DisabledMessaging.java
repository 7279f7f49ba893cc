package io.mmate.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.MessageTransactions;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;

/**
 * The messaging beans of an application with {@code mmate.enabled=false}: each fails at once, on the caller's
 * thread, when it is used, so that a call that cannot send anything is never mistaken for one that did.
 */
final class DisabledMessaging {

	private DisabledMessaging() {
	}

	/**
	 * The failure of a use of a disabled bean.
	 * @param bean the bean's type, such as {@code MessagePublisher}
	 * @param action what was asked, such as {@code "publish event OrderPlacedEvent"}
	 * @return the exception to throw
	 */
	static IllegalStateException failure(String bean, String action) {
		return new IllegalStateException("Mmate is disabled (mmate.enabled=false), so the " + bean + " cannot "
				+ action + ": nothing is sent. Set mmate.enabled=true (the default) to use the broker, or define a "
				+ bean + " bean of your own (a test harness, for example) to replace this one.");
	}

	private static String name(Object message) {
		return (message != null) ? message.getClass().getSimpleName() : "null";
	}

	/**
	 * The {@link MessagePublisher} of a disabled starter.
	 */
	static final class Publisher implements MessagePublisher {

		@Override
		public CompletableFuture<PublishReceipt> publishEvent(Event event, PublishOptions options) {
			throw failure("MessagePublisher", "publish event " + name(event));
		}

		@Override
		public CompletableFuture<PublishReceipt> sendCommand(Command command, String targetService,
				PublishOptions options) {
			throw failure("MessagePublisher", "send command " + name(command) + " to " + targetService);
		}

		@Override
		public CompletableFuture<PublishReceipt> sendQuery(Query query, PublishOptions options) {
			throw failure("MessagePublisher", "send query " + name(query));
		}

		@Override
		public CompletableFuture<PublishReceipt> sendReply(Reply reply, String replyTo, PublishOptions options) {
			throw failure("MessagePublisher", "send reply " + name(reply) + " to " + replyTo);
		}

		@Override
		public String toString() {
			return "MessagePublisher (disabled: mmate.enabled=false)";
		}

	}

	/**
	 * The {@link MessageRequester} of a disabled starter.
	 */
	static final class Requester implements MessageRequester {

		@Override
		public <R extends Reply> CompletableFuture<R> request(Query query, Class<R> replyType, Duration timeout) {
			throw failure("MessageRequester", "send request " + name(query));
		}

		@Override
		public <R extends Reply> CompletableFuture<R> request(Command command, String targetService,
				Class<R> replyType, Duration timeout) {
			throw failure("MessageRequester", "send request " + name(command) + " to " + targetService);
		}

		@Override
		public String toString() {
			return "MessageRequester (disabled: mmate.enabled=false)";
		}

	}

	/**
	 * The {@link MessageScheduler} of a disabled starter.
	 */
	static final class Scheduler implements MessageScheduler {

		@Override
		public CompletableFuture<PublishReceipt> scheduleEvent(Event event, Instant at, PublishOptions options) {
			throw failure("MessageScheduler", "schedule event " + name(event));
		}

		@Override
		public CompletableFuture<PublishReceipt> scheduleCommand(Command command, String targetService, Instant at,
				PublishOptions options) {
			throw failure("MessageScheduler", "schedule command " + name(command) + " to " + targetService);
		}

		@Override
		public CompletableFuture<PublishReceipt> scheduleQuery(Query query, Instant at, PublishOptions options) {
			throw failure("MessageScheduler", "schedule query " + name(query));
		}

		@Override
		public String toString() {
			return "MessageScheduler (disabled: mmate.enabled=false)";
		}

	}

	/**
	 * The {@link WorkflowRunner} of a disabled starter: no engine runs, so no instance can start.
	 */
	static final class Runner extends WorkflowRunner {

		@Override
		public <S> CompletableFuture<S> run(Workflow<S> workflow, S initial, Duration timeout) {
			throw failure("WorkflowRunner", "run workflow " + id(workflow));
		}

		@Override
		public <S> Execution<S> start(Workflow<S> workflow, S initial) {
			throw failure("WorkflowRunner", "start workflow " + id(workflow));
		}

		@Override
		public <S> Execution<S> start(Workflow<S> workflow, S initial, Duration timeout) {
			throw failure("WorkflowRunner", "start workflow " + id(workflow));
		}

		private static String id(Workflow<?> workflow) {
			return (workflow != null) ? workflow.id() : "null";
		}

		@Override
		public String toString() {
			return "WorkflowRunner (disabled: mmate.enabled=false)";
		}

	}

	/**
	 * The {@link MessageTransactions} of a disabled starter.
	 */
	static final class Transactions implements MessageTransactions {

		@Override
		public void publishAtomically(Consumer<MessagePublisher> work) {
			throw failure("MessageTransactions", "publish atomically");
		}

		@Override
		public String toString() {
			return "MessageTransactions (disabled: mmate.enabled=false)";
		}

	}

}
