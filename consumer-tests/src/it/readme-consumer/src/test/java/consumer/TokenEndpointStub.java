package consumer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A copy of bootstrap's test stub, until the testkit has its own RFC 8693 endpoint (issue 10 item
 * 7): an RFC 8693 token endpoint on loopback minting {@code minted-<n>} tokens; records each form.
 */
final class TokenEndpointStub implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger minted = new AtomicInteger();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();

  TokenEndpointStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/token",
        exchange -> {
          try (exchange) {
            Map<String, String> form = new LinkedHashMap<>();
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
              String[] kv = pair.split("=", 2);
              form.put(
                  URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                  kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            forms.add(form);
            byte[] answer =
                ("{\"access_token\":\"minted-"
                        + minted.incrementAndGet()
                        + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  List<Map<String, String>> forms() {
    return forms;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
