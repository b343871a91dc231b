package io.entire.transport.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link LoopbackHttpServer} does with one parsed request, in this order: apply the current
 * {@link Fault} (down, reset, hang, fixed status, delay; the others act later, while the response
 * is written), check the authorization rule (401 with a challenge), then run the handler (500 when
 * it fails or sends nothing).
 *
 * <p>Stateless apart from its server and handler: thread-safe, one per server, called by every
 * connection thread.
 */
final class RequestPipeline {

  private final LoopbackHttpServer server;
  private final LoopbackHttpServer.Handler handler;

  RequestPipeline(LoopbackHttpServer server, LoopbackHttpServer.Handler handler) {
    this.server = server;
    this.handler = handler;
  }

  /** Serves one request; returns whether the connection may carry another one. */
  boolean serve(ConnectionLoop connection, RequestHead head, ReceivedBody body, OutputStream out)
      throws IOException {
    // a fault narrowed with onlyFor leaves the other requests alone, a spent one (times) all
    Fault current = server.claimFault(head);
    Exchange ex = new Exchange(server, head, body, out, current, connection);
    connection.inFlight(ex);
    try {
      switch (current.kind()) {
        case DOWN:
        case BLACKHOLE:
          return false; // accepted just before going down
        case RESET:
          body.discardUnlessAwaitingContinue();
          server.record(connection, head, 0);
          connection.reset();
          return false;
        case HANG:
          body.discardUnlessAwaitingContinue();
          server.record(connection, head, 0);
          server.hangWhileFaulted(connection, head);
          return false;
        case STATUS:
          ex.respondText(current.status(), current.body());
          return ex.keepAlive();
        case DELAY:
          if (!server.pause(connection, current.delayNanos())) {
            return false; // closed or down while waiting: no answer
          }
          break;
        default:
          break;
      }
      AuthorizationRule rule = server.authorization();
      String credentials = head.header("Authorization");
      if (rule != null && !rule.accepts(credentials, head)) {
        HttpHeaders headers =
            HttpHeaders.plainText()
                .add("WWW-Authenticate", rule.challengeScheme() + " realm=\"entire-testkit\"");
        String text = credentials == null ? "authentication required\n" : "invalid credentials\n";
        ex.respond(401, headers, text.getBytes(StandardCharsets.UTF_8));
        return ex.keepAlive();
      }
      return handle(ex);
    } finally {
      connection.inFlight(null);
    }
  }

  private boolean handle(Exchange ex) throws IOException {
    try {
      handler.handle(ex);
    } catch (RuntimeException e) {
      if (ex.responded()) {
        return false;
      }
      ex.respondText(500, "testkit " + server.name() + " failed: " + e + "\n");
      return false;
    }
    if (!ex.responded()) {
      ex.respondText(500, "testkit " + server.name() + " handler sent no response\n");
    }
    return ex.keepAlive();
  }
}
