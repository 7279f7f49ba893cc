/**
 * Auto-configuration of the {@code mmate} health indicator, active when Spring Boot's health support is on the class
 * path.
 */
package io.mmate.autoconfigure.health;
