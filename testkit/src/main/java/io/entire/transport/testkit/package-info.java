/**
 * An embedded, local git data plane for integration tests, end-to-end tests, the demo and the
 * benchmark: an entry server (the load balancer of the entry domain) and N replica servers on
 * loopback, all serving one shared directory of bare repositories through the machine's real {@code
 * git http-backend}, with switchable faults and request logs.
 *
 * <ul>
 *   <li>{@link io.entire.transport.testkit.TestCluster} — start with {@code
 *       TestCluster.builder().replicas(3).repository("et/org/repo").start()}; close it.
 *   <li>{@link io.entire.transport.testkit.TestClusterExtension} — the same as a JUnit 5 extension.
 *   <li>{@link io.entire.transport.testkit.EntryMode}, {@link io.entire.transport.testkit.Fault} —
 *       what the entry answers and what goes wrong, switchable while requests run.
 *   <li>{@link io.entire.transport.testkit.RequestLog}, {@link
 *       io.entire.transport.testkit.RecordedRequest} — what each server received, every header
 *       (never credential values).
 *   <li>{@link io.entire.transport.testkit.TokenExchangeEndpoint} — an RFC 8693 token endpoint
 *       whose tokens a cluster accepts, with counts and faults.
 *   <li>{@link io.entire.transport.testkit.OutsiderServer} — a recording host outside the cluster,
 *       for credential-leak checks.
 *   <li>{@link io.entire.transport.testkit.IsolatedGit} — runs git without the user's config.
 *   <li>{@link io.entire.transport.testkit.TestClusterMain} — the cluster as a process for scripts.
 * </ul>
 *
 * <p>Only the JDK is needed at run time (JUnit only for the extension). Requires {@code git} on
 * {@code PATH} with {@code git-http-backend} in its exec path.
 *
 * <p>Rules cited by id (F2, C4, S3, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.testkit;
