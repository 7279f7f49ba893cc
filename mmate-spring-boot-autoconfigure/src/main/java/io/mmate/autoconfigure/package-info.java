/**
 * Auto-configuration of the starter and its {@code mmate.*} properties.
 */
package io.mmate.autoconfigure;
