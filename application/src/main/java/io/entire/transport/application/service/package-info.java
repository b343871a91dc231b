/**
 * Internal: not API, may change in any release (L7); the API is what {@code api/public-api.txt}
 * lists.
 *
 * <p>The use-case service that runs the warm and cold discovery paths and service RPCs.
 *
 * <p>Rules cited by id (W2, C4, H2, …) are described in {@code docs/DESIGN.md} at the repository
 * root.
 */
@API(status = INTERNAL)
package io.entire.transport.application.service;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
