/**
 * Inbound port: what git tooling codes against ({@link
 * io.entire.transport.application.port.in.GitTransport}) and the values it takes.
 *
 * <p>Rules cited by id (S1, F8, G12, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.application.port.in;
