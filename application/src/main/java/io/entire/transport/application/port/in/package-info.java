/**
 * Inbound port: what git tooling codes against ({@link
 * io.entire.transport.application.port.in.GitTransport}) and the values it takes, including the
 * callbacks a caller supplies with its configuration ({@link
 * io.entire.transport.application.port.in.NodeFailedListener}).
 *
 * <p>This package never depends on {@code port.out}; the outbound ports may use its values ({@link
 * io.entire.transport.application.port.in.Cancellation}, {@link
 * io.entire.transport.application.port.in.RequestBody}), which the caller hands in and the adapters
 * carry out. An ArchUnit rule keeps the two packages free of a cycle.
 *
 * <p>Ports are interfaces and values (issue 9 item 6): no file I/O here but {@link
 * io.entire.transport.application.port.in.RequestBody#ofFile} (spooling is the git adapter's), and
 * no setting only adapters read: the connection settings {@link
 * io.entire.transport.application.port.in.TransportConfig} still carries are deprecated, the
 * client's. ArchUnit checks both ({@code portsDoNoFileIo}, {@code
 * servicesReadNoClientSettingsFromTheConfiguration}).
 *
 * <p>Rules cited by id (S1, F8, G12, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.application.port.in;
