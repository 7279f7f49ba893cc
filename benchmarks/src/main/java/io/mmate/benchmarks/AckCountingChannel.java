package io.mmate.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import com.rabbitmq.client.Channel;

/**
 * An open {@link Channel} that only counts acknowledgements, for a listener called without a broker. Any other call
 * fails, so that a benchmark cannot silently take another path.
 */
final class AckCountingChannel implements InvocationHandler {

	private final Channel proxy;

	private long acks;

	AckCountingChannel() {
		this.proxy = (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] { Channel.class },
				this);
	}

	Channel channel() {
		return this.proxy;
	}

	long acks() {
		return this.acks;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) {
		switch (method.getName()) {
			case "isOpen":
				return true;
			case "basicAck":
				this.acks++;
				return null;
			case "toString":
				return "AckCountingChannel";
			case "hashCode":
				return System.identityHashCode(proxy);
			case "equals":
				return proxy == args[0];
			case "addShutdownListener":
				return null;
			default:
				throw new UnsupportedOperationException("Channel." + method.getName() + " in a benchmark");
		}
	}

}
