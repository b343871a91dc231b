/**
 * Outbound ports: the narrow interfaces the transport service drives (one HTTP exchange,
 * credentials, replica cache, randomness, a monotonic clock). Adapters implement them.
 *
 * <p>API (L7): the credential SPI ({@link io.entire.transport.application.port.out.CredentialPort},
 * {@link io.entire.transport.application.port.out.Credential}, {@link
 * io.entire.transport.application.port.out.CredentialRequest}), which a caller implements to bring
 * its own credentials, and {@link io.entire.transport.application.port.out.TransportEventListener}.
 * The other ports are marked {@code @API(status = INTERNAL)}: not API, they may change in any
 * release.
 *
 * <p>Rules cited by id (X3, F2, K5, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.application.port.out;
