package io.mmate.benchmarks;

import io.mmate.MmateHandler;

/**
 * A trivial handler, found and invoked like any application's {@link MmateHandler} method. It is registered in the
 * benchmarks' own context only, so it is deliberately not a component.
 */
public class StockHandlers {

	private volatile int handled;

	@MmateHandler
	void on(StockReservedEvent event) {
		// Enough work that the call cannot be left out.
		this.handled += event.quantity();
	}

	int handled() {
		return this.handled;
	}

}
