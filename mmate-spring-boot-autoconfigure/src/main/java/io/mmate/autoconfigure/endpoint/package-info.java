/**
 * Actuator endpoints of the starter, auto-configured when Spring Boot Actuator is on the class path.
 */
package io.mmate.autoconfigure.endpoint;
