package io.mmate.test.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageContext;
import io.mmate.MessagePublisher;
import io.mmate.MmateHandler;
import io.mmate.Query;
import io.mmate.Reply;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small Mmate service for the broker-backed tests, {@code broker-test}: it greets by command, answers a query, and
 * records the events it hears.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class BrokerTestApplication {

	static final String SERVICE = "broker-test";

	@Bean
	Greeter greeter(MessagePublisher publisher) {
		return new Greeter(publisher);
	}

	record GreetCommand(String name) implements Command {
	}

	record GreetedEvent(String name, String greeting) implements Event {

		@Override
		public String aggregateId() {
			return this.name;
		}

	}

	record FindGreetingQuery(String name) implements Query {
	}

	record GreetingReply(boolean success, String greeting) implements Reply {
	}

	/**
	 * The handlers: each records what it was called with.
	 */
	static class Greeter {

		private final MessagePublisher publisher;

		private final List<String> greeted = new CopyOnWriteArrayList<>();

		private final List<String> heard = new CopyOnWriteArrayList<>();

		Greeter(MessagePublisher publisher) {
			this.publisher = publisher;
		}

		@MmateHandler
		public void greet(GreetCommand command, MessageContext context) {
			this.greeted.add(command.name() + " from " + context.header("x-source"));
			this.publisher.publishEvent(new GreetedEvent(command.name(), "Hello, " + command.name())).join();
		}

		@MmateHandler
		public GreetingReply find(FindGreetingQuery query) {
			return new GreetingReply(true, "Hello, " + query.name());
		}

		@MmateHandler
		public void heard(GreetedEvent event) {
			this.heard.add(event.name());
		}

		List<String> greeted() {
			return List.copyOf(this.greeted);
		}

		List<String> heard() {
			return List.copyOf(this.heard);
		}

	}

}
