/**
 * Request/reply over asynchronous messaging: the per-instance reply queue and the matching of replies to requests.
 */
package io.mmate.bridge;
