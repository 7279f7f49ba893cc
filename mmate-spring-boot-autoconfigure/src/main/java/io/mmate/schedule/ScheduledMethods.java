package io.mmate.schedule;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.Message;
import io.mmate.MmateScheduled;
import io.mmate.Query;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Turns one {@link MmateScheduled} method into a {@link RecurringSchedule}, checking it: no parameter or an
 * {@link Instant}, an event, command or query as the result, a valid cron expression and zone, and a target service
 * for commands.
 */
final class ScheduledMethods {

	private ScheduledMethods() {
	}

	static RecurringSchedule schedule(Object bean, String beanName, Method method, MmateScheduled annotation,
			String serviceName) {
		String description = describe(method);
		if (!StringUtils.hasText(serviceName)) {
			throw invalid(description, "needs mmate.service-name: the instances of a service share its schedules");
		}
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != Instant.class)) {
			throw invalid(description, "takes no parameter, or the tick time as an Instant");
		}
		Class<?> result = method.getReturnType();
		if (!Event.class.isAssignableFrom(result) && !Command.class.isAssignableFrom(result)
				&& !Query.class.isAssignableFrom(result)) {
			throw invalid(description, "returns an Event, a Command or a Query, not " + result.getName());
		}
		if (Command.class.isAssignableFrom(result) && !StringUtils.hasText(annotation.targetService())) {
			throw invalid(description, "returns a command, so it names its receiver with targetService");
		}
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName + "." + method.getName();
		if (StringUtils.containsWhitespace(name)) {
			throw invalid(description, "has a name without white space, not '" + name + "'");
		}
		String queue = SchedulingTopology.scheduleQueue(serviceName, name);
		ReflectionUtils.makeAccessible(method);
		return new RecurringSchedule(name, queue, SchedulingTopology.waitQueue(queue), cron(annotation, description),
				zone(annotation, description), StringUtils.hasText(annotation.targetService())
						? annotation.targetService() : null, source(bean, method), description);
	}

	private static CronExpression cron(MmateScheduled annotation, String description) {
		try {
			return CronExpression.parse(annotation.cron());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(description, "has a valid cron expression, not '" + annotation.cron() + "' ("
					+ ex.getMessage() + ")");
		}
	}

	private static ZoneId zone(MmateScheduled annotation, String description) {
		try {
			return ZoneId.of(annotation.zone());
		}
		catch (DateTimeException ex) {
			throw invalid(description, "has a valid zone id, not '" + annotation.zone() + "'");
		}
	}

	private static RecurringSchedule.TickSource source(Object bean, Method method) {
		boolean withTick = method.getParameterCount() == 1;
		return (tick) -> {
			try {
				return (Message) (withTick ? method.invoke(bean, tick) : method.invoke(bean));
			}
			catch (InvocationTargetException ex) {
				Throwable target = ex.getTargetException();
				if (target instanceof Exception exception) {
					throw exception;
				}
				throw (Error) target;
			}
		};
	}

	private static String describe(Method method) {
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return method.getDeclaringClass().getName() + "#" + method.getName() + "(" + parameters + ")";
	}

	private static IllegalStateException invalid(String description, String rule) {
		return new IllegalStateException("@MmateScheduled method " + description + " is invalid: a schedule "
				+ rule);
	}

}
