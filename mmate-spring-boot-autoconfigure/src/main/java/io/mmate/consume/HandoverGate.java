package io.mmate.consume;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Lets deliveries through to the listener until the container stops; then lets the handlers in progress finish and
 * leaves every later delivery unacknowledged, so that closing the channel returns it to the queue where it was.
 */
final class HandoverGate implements ChannelAwareMessageListener {

	private final ChannelAwareMessageListener listener;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition idle = this.lock.newCondition();

	private int inProgress;

	private volatile boolean closed;

	HandoverGate(ChannelAwareMessageListener listener) {
		this.listener = listener;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		// Counted before the gate is checked, so that close() either waits for this delivery or this delivery sees
		// the gate closed.
		enter();
		try {
			if (!this.closed) {
				this.listener.onMessage(message, channel);
			}
		}
		finally {
			leave();
		}
	}

	/**
	 * Close the gate and wait until no handler is in progress.
	 * @param timeout how long to wait for handlers in progress
	 * @return whether the handlers finished in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean close(Duration timeout) throws InterruptedException {
		this.closed = true;
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.inProgress > 0) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.idle.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	void open() {
		this.closed = false;
	}

	private void enter() {
		this.lock.lock();
		try {
			this.inProgress++;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void leave() {
		this.lock.lock();
		try {
			if (--this.inProgress == 0) {
				this.idle.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
