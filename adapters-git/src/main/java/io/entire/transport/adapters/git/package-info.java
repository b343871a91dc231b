/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>git's remote-helper protocol as a driving adapter of the transport: the command loop ({@link
 * io.entire.transport.adapters.git.RemoteHelper}), URL parsing ({@link
 * io.entire.transport.adapters.git.RemoteUrl}), the pkt-line codec, {@code stateless-connect}
 * bridging for protocol v2, and {@code git fetch-pack}/{@code git send-pack} bridging for protocol
 * v0/v1 fetches and pushes (DESIGN §7, rules G1–G8, G12).
 *
 * <p>The adapter talks to the data plane only through {@link
 * io.entire.transport.application.port.in.GitTransport}.
 *
 * <p>Rules cited by id (G1, G4, G12, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.adapters.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
