/**
 * Finding {@code @MmateHandler} methods and registering them, and the per-instance broadcast queue their handlers
 * may need.
 */
package io.mmate.consume;
