package io.mmate;

/**
 * A request to one service to do something, sent to {@code mmate.commands} with the routing key
 * {@code cmd.{targetService}.{type}}. The target service and an optional reply address are given when sending, and
 * travel in the payload as {@code targetService} and {@code replyTo}.
 */
public non-sealed interface Command extends Message {

}
