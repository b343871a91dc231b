/**
 * The {@code git-remote-entire} executable: git runs it for {@code entire://} URLs (DESIGN §7).
 *
 * <p>Rules cited by id (G1, G9, G10, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.bootstrap.helper;
