package io.mmate.benchmarks;

/**
 * Payloads of a given size, the same for every variant.
 */
final class Payloads {

	private Payloads() {
	}

	/**
	 * A text of the given length, which serializes to that many bytes plus its JSON quotes.
	 * @param size the length
	 * @return the text
	 */
	static String text(int size) {
		return "x".repeat(size);
	}

}
