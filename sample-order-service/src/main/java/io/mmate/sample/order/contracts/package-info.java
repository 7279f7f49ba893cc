/**
 * The messages the order service exchanges: its contract with other Mmate services, whatever their language.
 */
package io.mmate.sample.order.contracts;
