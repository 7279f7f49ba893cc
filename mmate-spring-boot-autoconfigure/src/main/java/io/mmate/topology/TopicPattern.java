package io.mmate.topology;

/**
 * Matches routing keys against binding patterns as a RabbitMQ topic exchange does: words separated by dots, {@code *}
 * for exactly one word, {@code #} for zero or more.
 */
final class TopicPattern {

	private TopicPattern() {
	}

	/**
	 * Whether a topic exchange routes a key through a binding.
	 * @param pattern the binding pattern
	 * @param routingKey the routing key
	 * @return {@code true} when the pattern matches the key
	 */
	static boolean matches(String pattern, String routingKey) {
		String[] words = pattern.split("\\.", -1);
		String[] key = routingKey.split("\\.", -1);
		// matched[j]: the pattern's words so far match the key's first j words.
		boolean[] matched = new boolean[key.length + 1];
		matched[0] = true;
		for (String word : words) {
			boolean[] next = new boolean[key.length + 1];
			for (int j = 0; j <= key.length; j++) {
				if (word.equals("#")) {
					next[j] = matched[j] || (j > 0 && next[j - 1]);
				}
				else if (j > 0) {
					next[j] = matched[j - 1] && (word.equals("*") || word.equals(key[j - 1]));
				}
			}
			matched = next;
		}
		return matched[key.length];
	}

}
