/**
 * Contract discovery as Mmate's Go services do it: endpoint contracts of this service's handlers announced on
 * {@code mmate.contracts}, and a registry of what the other services announce.
 */
package io.mmate.contract;
