package io.entire.transport.adapters.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The proxy variables of an environment, chosen as curl chooses them (N1). From libcurl-env(3) and
 * everything.curl.dev "Proxy environment variables", checked with curl 7.88.1:
 *
 * <ul>
 *   <li>an https target uses {@code https_proxy}, then {@code HTTPS_PROXY};
 *   <li>an http target uses {@code http_proxy} only: curl reads it "only used lowercase", because a
 *       CGI server puts a request's {@code Proxy:} header into {@code HTTP_PROXY} (httpoxy);
 *   <li>then, for either, {@code all_proxy}, then {@code ALL_PROXY}: "the scheme specific variables
 *       overrides this one";
 *   <li>hosts in {@code no_proxy}, then {@code NO_PROXY}, go direct (see {@link NoProxy});
 *   <li>a variable set to the empty string counts as unset (curl 7.88.1 goes on to the next name).
 * </ul>
 *
 * <p>git reads the same variables (through libcurl) only when no {@code http.proxy} is configured;
 * that precedence is the caller's.
 *
 * @since 0.2
 */
public final class ProxyEnvironment {
  /** A variable that was chosen, and its value. */
  record Setting(String variable, String value) {}

  private ProxyEnvironment() {}

  /**
   * The proxy rules an environment asks for.
   *
   * @param environment the variables, e.g. {@code System.getenv()}
   * @return the rules; {@link ProxyRules#DIRECT} when no proxy variable is set
   * @throws IllegalArgumentException naming the variable, when its value is not a proxy URL this
   *     client supports (the password replaced by {@code ***})
   */
  public static ProxyRules rules(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Optional<ProxyUrl> https = proxy(environment, "https");
    Optional<ProxyUrl> http = proxy(environment, "http");
    NoProxy noProxy =
        first(environment, List.of("no_proxy", "NO_PROXY"))
            .map(setting -> NoProxy.parse(setting.value()))
            .orElse(NoProxy.NONE);
    return ProxyRules.of(https.orElse(null), http.orElse(null), noProxy);
  }

  /**
   * The variable curl reads for a target scheme.
   *
   * @param scheme {@code https} or {@code http}
   * @return the variable and its value, or empty when none is set
   */
  static Optional<Setting> choose(Map<String, String> environment, String scheme) {
    List<String> names =
        scheme.equals("https")
            ? List.of("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
            : List.of("http_proxy", "all_proxy", "ALL_PROXY");
    return first(environment, names);
  }

  private static Optional<ProxyUrl> proxy(Map<String, String> environment, String scheme) {
    return choose(environment, scheme).map(ProxyEnvironment::parse);
  }

  private static ProxyUrl parse(Setting setting) {
    try {
      return ProxyUrl.parse(setting.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting.variable() + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Setting> first(Map<String, String> environment, List<String> names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isEmpty()) {
        return Optional.of(new Setting(name, value));
      }
    }
    return Optional.empty();
  }
}
