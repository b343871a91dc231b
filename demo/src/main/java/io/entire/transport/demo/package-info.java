/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>The demo ({@code bin/demo}, module {@code demo}, not published): the main job of the project,
 * cloning, pushing and fetching through {@code git-remote-entire} against an embedded testkit
 * cluster with faults injected, then mirroring many repositories in process with JGit on one
 * client, with the Micrometer module's meters. The only production package allowed to use the
 * testkit; nothing in the library depends on it.
 *
 * <p>Rules cited by id (F2, W2, K6, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.demo;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
