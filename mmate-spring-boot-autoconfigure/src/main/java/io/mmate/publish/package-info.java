/**
 * Publishing over one long-lived confirming channel: confirms, mandatory returns and the publish interceptor chain.
 */
package io.mmate.publish;
