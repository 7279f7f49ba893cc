package io.mmate.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mmate.asyncapi.AsyncApiGenerator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writes the AsyncAPI document to {@code mmate.asyncapi.export-path} once the application has started (every handler
 * is known then), and, with {@code mmate.asyncapi.exit-after-export}, closes the application and ends the JVM, so
 * that a build can produce the document by running the application once.
 */
final class AsyncApiExport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(AsyncApiExport.class);

	private final AsyncApiGenerator generator;

	private final Path path;

	private final boolean exit;

	private final ConfigurableApplicationContext context;

	AsyncApiExport(AsyncApiGenerator generator, Path path, boolean exit, ConfigurableApplicationContext context) {
		this.generator = generator;
		this.path = path;
		this.exit = exit;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		write();
		if (this.exit) {
			System.exit(SpringApplication.exit(this.context));
		}
	}

	void write() {
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(this.path, mapper.writeValueAsString(this.generator.generate()) + System.lineSeparator());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the AsyncAPI document to " + this.path, ex);
		}
		logger.info("Wrote the AsyncAPI document to " + this.path.toAbsolutePath());
	}

}
