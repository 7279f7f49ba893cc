package io.mmate.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The recurring schedules of the application, filled once at start-up by the {@link ScheduledMethodProcessor}.
 */
public class RecurringSchedules {

	private final List<RecurringSchedule> schedules = new ArrayList<>();

	/**
	 * Add a schedule.
	 * @param schedule the schedule
	 * @throws IllegalStateException if the service already has a schedule of that name
	 */
	public synchronized void register(RecurringSchedule schedule) {
		for (RecurringSchedule existing : this.schedules) {
			if (existing.name().equals(schedule.name())) {
				throw new IllegalStateException("Two schedules are named '" + schedule.name() + "': "
						+ existing.description() + " and " + schedule.description()
						+ "; give one another name with @MmateScheduled(name = ...)");
			}
		}
		this.schedules.add(schedule);
	}

	/**
	 * The schedules.
	 * @return a snapshot, in registration order
	 */
	public synchronized List<RecurringSchedule> all() {
		return List.copyOf(this.schedules);
	}

}
