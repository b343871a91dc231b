/**
 * Optional JGit binding (DESIGN §9d, J1–J5): JGit's clone, fetch, push and ls-remote in process,
 * over an {@link io.entire.transport.EntireClient}. Start at {@link
 * io.entire.transport.jgit.EntireJGit}.
 *
 * @since 0.2
 */
package io.entire.transport.jgit;
