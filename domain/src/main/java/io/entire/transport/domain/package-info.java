/**
 * The pure model of the replicated git data plane: nodes, replica sets, the cluster trust domain,
 * and the failover and redirect policies.
 *
 * <p>Nothing here performs I/O, reads clocks, starts threads or draws random numbers: those come in
 * as parameters so every rule can be tested deterministically.
 *
 * <p>Thread-safety: the value types ({@code NodeUrl}, {@code ReplicaSet}, {@code Headers}, {@code
 * ClusterTrustDomain}) are immutable and safe to share; the policies are stateless. The exception
 * types carry only immutable state set at construction, like any {@link java.lang.Exception}.
 *
 * <p>API (L7): the exception types, {@code GitService}, {@code RepoAction}, {@code NodeUrl}, {@code
 * HttpUrl}, {@code Headers} and {@code HttpErrors}. The model and the policies ({@code ReplicaSet},
 * {@code ClusterTrustDomain}, {@code FailoverPolicy}, {@code RedirectPolicy}, {@code
 * PublicSuffixList}, {@code LoopbackHost}, {@code CredentialSecrets}) are marked {@code @API(status
 * = INTERNAL)}: not API, they may change in any release.
 *
 * <p>Rules cited by id (R3, F2, X5, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.domain;
