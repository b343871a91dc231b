package io.entire.transport.bootstrap.helper;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RFC 8693 token endpoint on 127.0.0.1 (A2) that mints {@code pull-<n>} for {@code
 * scope=repo:pull} and {@code push-<n>} for {@code scope=repo:push}, and records every form it got.
 * Thread-safe; the creator closes it.
 */
final class TokenEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger counter = new AtomicInteger();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
  private final Set<String> minted = ConcurrentHashMap.newKeySet();

  TokenEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/token",
        exchange -> {
          try (exchange) {
            Map<String, String> form =
                parseForm(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            forms.add(form);
            String prefix =
                switch (form.getOrDefault("scope", "")) {
                  case "repo:pull" -> "pull-";
                  case "repo:push" -> "push-";
                  default -> null;
                };
            byte[] answer;
            int status;
            if (prefix == null) {
              status = 400;
              answer = "{\"error\":\"invalid_scope\"}".getBytes(StandardCharsets.UTF_8);
            } else {
              String token = prefix + counter.incrementAndGet();
              minted.add(token);
              status = 200;
              answer =
                  ("{\"access_token\":\""
                          + token
                          + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}")
                      .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          }
        });
    server.start();
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return form;
  }

  /** The endpoint URL for {@code ENTIRE_TOKEN_EXCHANGE_URL}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** Every form posted so far, oldest first. */
  List<Map<String, String>> forms() {
    return List.copyOf(forms);
  }

  /** Whether this endpoint minted {@code token}. */
  boolean minted(String token) {
    return minted.contains(token);
  }

  /** Every token minted so far. */
  Set<String> mintedTokens() {
    return Set.copyOf(minted);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
