/**
 * Outbound ports: the narrow interfaces the transport service drives (one HTTP exchange,
 * credentials, replica cache, node-failure listener, randomness). Adapters implement them.
 */
package io.entire.transport.application.port.out;
