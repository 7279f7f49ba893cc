package io.mmate.envelope;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * The envelope's parser as the deserializer of a payload sees it: every token passes through unchanged, and on the way
 * the payload's first {@code replyTo} key in any case is noted, as the pass over a payload that is not bound notes it.
 * Used for one payload, positioned at its {@code START_OBJECT}.
 */
final class PayloadParser extends JsonParserDelegate {

	// The payload object's own context: its keys, not those of nested objects, can be the reply address.
	private final TokenStreamContext payload;

	private boolean found;

	private boolean atReplyTo;

	private String replyTo;

	PayloadParser(JsonParser parser) {
		super(parser);
		this.payload = parser.streamReadContext();
	}

	/**
	 * The text of the payload's {@code replyTo}, once the payload is read.
	 * @return the text, or {@code null} when the key is absent or its value is not a scalar
	 */
	String replyTo() {
		return this.replyTo;
	}

	@Override
	public JsonToken nextToken() {
		return seen(this.delegate.nextToken());
	}

	@Override
	public JsonToken nextValue() {
		JsonToken token = nextToken();
		return (token == JsonToken.PROPERTY_NAME) ? nextToken() : token;
	}

	@Override
	public String nextName() {
		return (nextToken() == JsonToken.PROPERTY_NAME) ? this.delegate.currentName() : null;
	}

	@Override
	public boolean nextName(SerializableString name) {
		return nextToken() == JsonToken.PROPERTY_NAME && name.getValue().equals(this.delegate.currentName());
	}

	@Override
	public int nextNameMatch(PropertyNameMatcher matcher) {
		// Through nextToken, so that the key is looked at: the parser's own matching would pass it by.
		JsonToken token = nextToken();
		if (token == JsonToken.PROPERTY_NAME) {
			return matcher.matchName(this.delegate.currentName());
		}
		return (token == JsonToken.END_OBJECT) ? PropertyNameMatcher.MATCH_END_OBJECT
				: PropertyNameMatcher.MATCH_ODD_TOKEN;
	}

	private JsonToken seen(JsonToken token) {
		if (this.atReplyTo) {
			this.atReplyTo = false;
			if (token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL) {
				this.replyTo = this.delegate.getString();
			}
		}
		else if (!this.found && token == JsonToken.PROPERTY_NAME && this.delegate.streamReadContext() == this.payload
				&& CaseInsensitiveFields.matches(this.delegate.currentName(), "replyto")) {
			this.found = true;
			this.atReplyTo = true;
		}
		return token;
	}

}
