/**
 * Order fulfilment, a StageFlow workflow: reserve the stock of a placed order, charge its payment and ship it; when a
 * stage fails for good, the stages completed before it are undone (stock released, payment refunded).
 */
package io.mmate.sample.order.fulfilment;
