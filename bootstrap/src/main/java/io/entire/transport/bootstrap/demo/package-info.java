/**
 * The demo ({@code bin/demo}): the main job of the project, cloning, pushing and fetching through
 * {@code git-remote-entire} against an embedded testkit cluster with faults injected. The only
 * production package allowed to use the testkit.
 *
 * <p>Rules cited by id (F2, W2, K6, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.bootstrap.demo;
