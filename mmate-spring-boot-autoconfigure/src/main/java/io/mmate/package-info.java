/**
 * What an application touches: message base types, {@link io.mmate.MmateHandler}, {@link io.mmate.MessagePublisher}
 * and {@link io.mmate.MessageContext}.
 */
package io.mmate;
