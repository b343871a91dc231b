package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Settings and requests shared by the N1–N3 tests against testkit clusters. */
final class NetworkFixture {
  static final String REPO = "r";
  static final String TOKEN = "cluster-token-never-in-clear";

  private NetworkFixture() {}

  /** Settings with short timeouts and the given proxy and TLS settings. */
  static HttpSettings settings(ProxySettings proxy, TlsSettings tls) {
    return new HttpSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            false,
            "entire-test",
            LowSpeedLimit.OFF,
            4)
        .withProxy(proxy)
        .withTls(tls);
  }

  /** Proxy settings for one proxy URL and a bypass list, as git's {@code http.proxy}. */
  static ProxySettings proxy(String url, String noProxy) {
    return ProxySettings.of(ProxyRules.all(ProxyUrl.parse(url), NoProxy.parse(noProxy)));
  }

  /** The info/refs URI of replica {@code i}. */
  static URI infoRefs(TestCluster cluster, int i) {
    return URI.create(cluster.replica(i).url() + "/" + REPO + "/info/refs?service=git-upload-pack");
  }

  /** A GET with the cluster token as credentials. */
  static HttpRequest withToken(URI uri) {
    return HttpRequest.get(uri, Headers.empty().with("Authorization", "Bearer " + TOKEN));
  }

  /** Sends a request, reads the whole body, and returns the status. */
  static int status(ApacheHttpExchange http, HttpRequest request) throws IOException {
    try (HttpResponse response = http.exchange(request, new Cancellation())) {
      byte[] body = response.body().readAllBytes();
      if (response.status() == 200
          && !new String(body, StandardCharsets.UTF_8).contains("# service=")) {
        throw new AssertionError(
            "not a git advertisement: " + new String(body, StandardCharsets.UTF_8));
      }
      return response.status();
    }
  }
}
