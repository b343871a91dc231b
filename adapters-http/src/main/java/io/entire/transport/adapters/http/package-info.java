/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>The HTTP adapter: {@link io.entire.transport.adapters.http.ApacheHttpExchange} implements the
 * outbound HTTP exchange port on Apache HttpClient 5, and {@link
 * io.entire.transport.adapters.http.HttpClientPublicSuffixList} answers public-suffix questions for
 * the trust domain (R3) from the list bundled with HttpClient.
 *
 * <p>Only this adapter and {@code adapters-auth} know HttpClient. It sends exactly one request per
 * call: redirects, retries and failover are the application's policy.
 *
 * <p>Rules cited by id (S3, S4, R3, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.adapters.http;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
