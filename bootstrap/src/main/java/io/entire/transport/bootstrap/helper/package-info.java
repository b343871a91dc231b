/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>The {@code git-remote-entire} executable: git runs it for {@code entire://} URLs (DESIGN §7).
 *
 * <p>Rules cited by id (G1, G9, G10, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.bootstrap.helper;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
