package io.mmate.envelope;

import java.util.Locale;

/**
 * Matches the keys of a JSON object against lower-case field names in any case: a key matches a name when its
 * lower-case form is the name. Keys are compared in place rather than lower-cased into a copy for every message.
 */
final class CaseInsensitiveFields {

	private CaseInsensitiveFields() {
	}

	/**
	 * Find the name a key matches.
	 * @param key the key as written
	 * @param names the lower-case names
	 * @return the index of the name, or {@code -1}
	 */
	static int indexOf(String key, String[] names) {
		for (int i = 0; i < names.length; i++) {
			if (matches(key, names[i])) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Whether {@code key.toLowerCase(Locale.ROOT)} equals the name, without lower-casing ASCII keys.
	 * @param key the key as written
	 * @param name the lower-case ASCII name
	 * @return whether the key matches
	 */
	static boolean matches(String key, String name) {
		int length = key.length();
		for (int i = 0; i < length; i++) {
			if (key.charAt(i) >= 0x80) {
				// Lower-casing may change the length of other characters: compare exactly as lower-casing does.
				return key.toLowerCase(Locale.ROOT).equals(name);
			}
		}
		if (length != name.length()) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = key.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				c = (char) (c + ('a' - 'A'));
			}
			if (c != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

}
