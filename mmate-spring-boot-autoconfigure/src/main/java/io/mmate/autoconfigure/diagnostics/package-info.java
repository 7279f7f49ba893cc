/**
 * How the starter's start-up failures are reported, and the checks that find them before any bean is created.
 */
package io.mmate.autoconfigure.diagnostics;
