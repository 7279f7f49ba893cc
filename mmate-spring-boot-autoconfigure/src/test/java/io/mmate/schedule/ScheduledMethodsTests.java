package io.mmate.schedule;

import java.lang.reflect.Method;
import java.time.Instant;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MmateScheduled;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ScheduledMethods}: valid methods become schedules, invalid ones fail with what to fix.
 */
class ScheduledMethodsTests {

	private final Jobs jobs = new Jobs();

	@Test
	void methodBecomesAScheduleNamedByBeanAndMethod() throws Exception {
		RecurringSchedule schedule = schedule("report", "billing");
		assertThat(schedule.name()).isEqualTo("jobs.report");
		assertThat(schedule.queue()).isEqualTo("mmate.schedule.billing.jobs.report");
		assertThat(schedule.waitQueue()).isEqualTo("mmate.schedule.billing.jobs.report.wait");
		assertThat(schedule.zone().getId()).isEqualTo("Europe/Oslo");
		Instant tick = Instant.parse("2025-07-08T10:00:00Z");
		assertThat(schedule.source().produce(tick)).isEqualTo(new ReportDue(tick.toString()));
		// 02:00 in Oslo, summer time.
		assertThat(schedule.nextTick(tick)).isEqualTo(Instant.parse("2025-07-09T00:00:00Z"));
	}

	@Test
	void commandScheduleKeepsItsTargetAndAnExplicitName() {
		RecurringSchedule schedule = schedule("closeDay", "billing");
		assertThat(schedule.name()).isEqualTo("close-day");
		assertThat(schedule.targetService()).isEqualTo("ledger");
	}

	@Test
	void invalidMethodsFailWithTheRule() {
		assertThatIllegalStateException().isThrownBy(() -> schedule("report", null))
			.withMessageContaining("Jobs#report(Instant)")
			.withMessageContaining("mmate.service-name");
		assertThatIllegalStateException().isThrownBy(() -> schedule("badCron", "billing"))
			.withMessageContaining("valid cron expression, not '0 0 25 * * *'");
		assertThatIllegalStateException().isThrownBy(() -> schedule("badZone", "billing"))
			.withMessageContaining("valid zone id, not 'Mars/Olympus'");
		assertThatIllegalStateException().isThrownBy(() -> schedule("noTarget", "billing"))
			.withMessageContaining("targetService");
		assertThatIllegalStateException().isThrownBy(() -> schedule("wrongParameter", "billing"))
			.withMessageContaining("the tick time as an Instant");
		assertThatIllegalStateException().isThrownBy(() -> schedule("wrongResult", "billing"))
			.withMessageContaining("returns an Event, a Command or a Query, not java.lang.String");
	}

	private RecurringSchedule schedule(String methodName, String serviceName) {
		Method method = ReflectionUtils.findMethod(Jobs.class, methodName, (Class<?>[]) null);
		return ScheduledMethods.schedule(this.jobs, "jobs", method, method.getAnnotation(MmateScheduled.class),
				serviceName);
	}

	record ReportDue(String at) implements Event {
	}

	record CloseDay() implements Command {
	}

	static class Jobs {

		@MmateScheduled(cron = "0 0 2 * * *", zone = "Europe/Oslo")
		ReportDue report(Instant tick) {
			return new ReportDue(tick.toString());
		}

		@MmateScheduled(cron = "@daily", name = "close-day", targetService = "ledger")
		CloseDay closeDay() {
			return new CloseDay();
		}

		@MmateScheduled(cron = "0 0 25 * * *")
		ReportDue badCron() {
			return null;
		}

		@MmateScheduled(cron = "@daily", zone = "Mars/Olympus")
		ReportDue badZone() {
			return null;
		}

		@MmateScheduled(cron = "@daily")
		CloseDay noTarget() {
			return null;
		}

		@MmateScheduled(cron = "@daily")
		ReportDue wrongParameter(String tick) {
			return null;
		}

		@MmateScheduled(cron = "@daily")
		String wrongResult() {
			return null;
		}

	}

}
