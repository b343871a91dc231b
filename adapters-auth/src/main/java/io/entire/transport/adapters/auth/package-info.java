/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>Credential adapters for the {@link io.entire.transport.application.port.out.CredentialPort}
 * (DESIGN §6): a static bearer token ({@link
 * io.entire.transport.adapters.auth.StaticTokenCredentials}, A1), RFC 8693 token minting ({@link
 * io.entire.transport.adapters.auth.TokenExchangeCredentials}, A2), git's credential helpers
 * ({@link io.entire.transport.adapters.auth.GitCredentialHelperCredentials}, A3) and none ({@link
 * io.entire.transport.adapters.auth.NoCredentials}, A4).
 *
 * <p>Every adapter is thread-safe and keeps secrets out of logs, exception messages and {@code
 * toString()} (A5).
 *
 * <p>Rules cited by id (A1, A2, A5, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.adapters.auth;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
