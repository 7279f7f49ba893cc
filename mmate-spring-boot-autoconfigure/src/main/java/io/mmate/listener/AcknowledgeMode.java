package io.mmate.listener;

/**
 * When a delivery is acknowledged.
 */
public enum AcknowledgeMode {

	/**
	 * After the handler returns, or after a failed message is safely dead-lettered: a crash before then leaves the
	 * message in the queue. The default.
	 */
	AFTER_HANDLER,

	/**
	 * By the broker on delivery: faster, but messages in flight are lost if the process dies, and failures cannot
	 * be dead-lettered reliably. Only for messages that may be lost.
	 */
	BROKER_AUTO

}
