/**
 * Optional Micrometer binding of the transport's events (DESIGN §10, O2): register a {@link
 * io.entire.transport.micrometer.MicrometerEventListener} on the client and the transport's
 * attempts, failovers, cold paths and replica cache use become meters of your {@code
 * MeterRegistry}.
 *
 * @since 0.2
 */
package io.entire.transport.micrometer;
