/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>The on-disk replica cache (DESIGN §5, rules K1–K6): {@link
 * io.entire.transport.adapters.cache.FileReplicaCache} implements {@link
 * io.entire.transport.application.port.out.ReplicaCachePort} with a small JSON file, a TTL, an
 * inter-process file lock and atomic replacement.
 *
 * <p>Rules cited by id (K1, K3, K6, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.adapters.cache;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
