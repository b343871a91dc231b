package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpResponse;
import java.io.FilterInputStream;
import java.io.IOException;

/** A response body whose {@code close()} also releases the response. */
final class ResponseStream extends FilterInputStream {
  private final HttpResponse response;

  ResponseStream(HttpResponse response) throws IOException {
    super(response.body());
    this.response = response;
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      response.close();
    }
  }
}
