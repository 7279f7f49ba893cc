/**
 * Dispatching a decoded message to its handler through the interceptor chain; free of AMQP container types.
 */
package io.mmate.dispatch;
