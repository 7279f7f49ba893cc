package io.mmate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * Marks a bean method that returns a message to publish on a cron schedule: one message per tick, exactly once
 * across every running instance of the service, however many there are. Use it for recurring work that one
 * instance must trigger (a nightly report, an hourly clean-up), rather than Spring's {@code @Scheduled}, which
 * runs in every instance.
 *
 * <p>The method takes no parameter, or the tick's time as an {@link Instant}, and returns an {@link Event}, a
 * {@link Command} (sent to {@link #targetService()}) or a {@link Query}; {@code null} skips that tick. Only the
 * instance that holds the schedule's tick token calls it. The message's id is derived from the service, the
 * schedule and the tick time, and the headers {@code x-mmate-schedule} and {@code x-mmate-schedule-tick} name
 * them, so that an idempotent receiver can also drop the copy a crash at the tick may cause.
 *
 * <pre class="code">
 * &#64;MmateScheduled(cron = "0 0 2 * * *", zone = "Europe/Oslo", targetService = "billing-service")
 * CloseDayCommand closeDay(Instant tick) {
 *     return new CloseDayCommand(LocalDate.ofInstant(tick, ZoneId.of("Europe/Oslo")));
 * }
 * </pre>
 *
 * <p>Needs {@code mmate.service-name}: instances of one service share each schedule.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MmateScheduled {

	/**
	 * A Spring cron expression with seconds: {@code second minute hour day-of-month month day-of-week}, or a macro
	 * such as {@code @hourly}.
	 * @return the cron expression
	 */
	String cron();

	/**
	 * The time zone the cron expression is read in. A fixed zone, so that instances in different zones agree.
	 * @return a zone id, {@code UTC} unless set
	 */
	String zone() default "UTC";

	/**
	 * The schedule's name, unique within the service; it names the schedule's queues, so renaming it starts a new
	 * schedule.
	 * @return the name, {@code {beanName}.{methodName}} unless set
	 */
	String name() default "";

	/**
	 * The service that receives the command the method returns; required when it returns a command.
	 * @return the target service name
	 */
	String targetService() default "";

}
