/**
 * The use-case service that runs the warm and cold discovery paths and service RPCs.
 *
 * <p>Rules cited by id (W2, C4, H2, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
package io.entire.transport.application.service;
