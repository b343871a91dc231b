package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.HttpErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the user-facing part of an error response body (H1) and closes the response. */
final class ServerText {
  private ServerText() {}

  static String readAndClose(HttpResponse response) {
    try (response) {
      InputStream body = response.body();
      byte[] head = body.readNBytes(HttpErrors.MAX_SERVER_TEXT_BYTES);
      return HttpErrors.serverText(new String(head, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // The status already says what happened; a broken error body adds nothing.
      return "";
    }
  }
}
