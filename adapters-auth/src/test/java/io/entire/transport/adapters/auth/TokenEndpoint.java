package io.entire.transport.adapters.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A token endpoint on a real loopback socket that records each exchange's form. */
final class TokenEndpoint implements AutoCloseable {

  /** What the endpoint answers. */
  record Reply(int status, String contentType, String body, Map<String, String> headers) {
    static Reply json(int status, String body) {
      return new Reply(status, "application/json", body, Map.of());
    }

    static Reply token(String accessToken, long expiresIn) {
      return json(
          200,
          "{\"access_token\":\""
              + accessToken
              + "\",\"expires_in\":"
              + expiresIn
              + ",\"token_type\":\"Bearer\","
              + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}");
    }
  }

  /** Decides the reply for the n-th exchange (1-based) and its form. */
  @FunctionalInterface
  interface Responder {
    Reply reply(int n, Map<String, String> form) throws Exception;
  }

  /** One received request. */
  record Received(String method, String path, String contentType, Map<String, String> form) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Responder responder;

  TokenEndpoint(Responder responder) throws IOException {
    this.responder = responder;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** Mints {@code minted-<n>} tokens with the given lifetime. */
  static TokenEndpoint minting(long expiresIn) throws IOException {
    return new TokenEndpoint((n, form) -> Reply.token("minted-" + n, expiresIn));
  }

  void respond(Responder responder) {
    this.responder = responder;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/token");
  }

  int exchanges() {
    return received.size();
  }

  List<Received> received() {
    return received;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = parseForm(body);
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              form));
      Reply reply;
      try {
        reply = responder.reply(count.incrementAndGet(), form);
      } catch (Exception e) {
        reply = Reply.json(500, "{}");
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (form.put(name, value) != null) {
        throw new IllegalStateException("duplicate form field " + name);
      }
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
