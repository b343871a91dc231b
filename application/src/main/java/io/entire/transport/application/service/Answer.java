package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpResponse;
import java.net.URI;

/**
 * A response together with the URI that actually produced it (after redirects).
 *
 * @param response the response; whoever holds the answer closes it
 * @param uri the URI that answered
 */
record Answer(HttpResponse response, URI uri) {
  int status() {
    return response.status();
  }
}
