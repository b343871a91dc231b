/**
 * Outbound ports: the narrow interfaces the transport service drives (one HTTP exchange,
 * credentials, replica cache, randomness, a monotonic clock). Adapters implement them.
 *
 * <p>Rules cited by id (X3, F2, K5, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.application.port.out;
