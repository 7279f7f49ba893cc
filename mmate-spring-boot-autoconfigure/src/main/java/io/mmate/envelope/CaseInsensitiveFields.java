package io.mmate.envelope;

import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Looks up fields of a JSON object by name in any case: the first key, in the object's order, whose lower-case form
 * is the name wins. Keys are matched in place rather than copied into a lower-cased map for every message.
 */
final class CaseInsensitiveFields {

	private CaseInsensitiveFields() {
	}

	/**
	 * Find several fields in one pass.
	 * @param object the JSON object
	 * @param names the lower-case names
	 * @return the value of each name at its index, {@code null} where there is none
	 */
	static JsonNode[] find(JsonNode object, String[] names) {
		JsonNode[] values = new JsonNode[names.length];
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			int index = indexOf(property.getKey(), names);
			if (index >= 0 && values[index] == null) {
				values[index] = property.getValue();
			}
		}
		return values;
	}

	/**
	 * Find one field.
	 * @param object the JSON object
	 * @param name the lower-case name
	 * @return its value, or {@code null}
	 */
	static JsonNode find(JsonNode object, String name) {
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			if (isLowerCaseForm(property.getKey(), name)) {
				return property.getValue();
			}
		}
		return null;
	}

	private static int indexOf(String key, String[] names) {
		for (int i = 0; i < names.length; i++) {
			if (isLowerCaseForm(key, names[i])) {
				return i;
			}
		}
		return -1;
	}

	// Whether key.toLowerCase(Locale.ROOT) equals the (ASCII, lower-case) name, without lower-casing ASCII keys.
	private static boolean isLowerCaseForm(String key, String name) {
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
