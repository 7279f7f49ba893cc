package io.mmate;

/**
 * A question answered by a {@link Reply}, sent to {@code mmate.queries} with the routing key {@code qry.{type}}. The
 * reply address travels in the payload as {@code replyTo}.
 */
public non-sealed interface Query extends Message {

}
