package io.mmate.test.broker;

import org.testcontainers.images.builder.Transferable;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A RabbitMQ container with the broker plugins the starter uses enabled: {@code rabbitmq_management} (the health
 * indicator reads the cluster from its HTTP API), {@code rabbitmq_consistent_hash_exchange} (partitioned handlers) and
 * {@code rabbitmq_prometheus} (which the management image enables already). Connect it with {@code @ServiceConnection}.
 */
public class MmateRabbitMQContainer extends RabbitMQContainer {

	/** The image used unless another is given: the management image of the RabbitMQ version the project tests on. */
	public static final String DEFAULT_IMAGE = "rabbitmq:3.13-management";

	/** The plugins enabled in the container, in the broker's {@code enabled_plugins} syntax. */
	public static final String ENABLED_PLUGINS = "[rabbitmq_management,rabbitmq_consistent_hash_exchange,"
			+ "rabbitmq_prometheus].";

	/**
	 * A container of {@link #DEFAULT_IMAGE}.
	 */
	public MmateRabbitMQContainer() {
		this(DockerImageName.parse(DEFAULT_IMAGE));
	}

	/**
	 * A container of another RabbitMQ image, 3.10 or later, that reads {@code /etc/rabbitmq/enabled_plugins} as the
	 * official images do.
	 * @param image the image
	 */
	public MmateRabbitMQContainer(DockerImageName image) {
		super(image);
		// The plugins file is read at boot, so every plugin is up before the container reports itself started.
		withCopyToContainer(Transferable.of(ENABLED_PLUGINS + "\n"), "/etc/rabbitmq/enabled_plugins");
	}

}
