/**
 * Inbound port: what git tooling codes against ({@link
 * io.entire.transport.application.port.in.GitTransport}) and the values it takes.
 */
package io.entire.transport.application.port.in;
