package io.entire.transport.bootstrap.helper;

import io.entire.transport.NetworkSettings;
import io.entire.transport.adapters.git.GitConfigList;
import io.entire.transport.adapters.git.GitHttpConfig;
import io.entire.transport.adapters.git.InvalidGitConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The helper's network settings (DESIGN §13, N1–N5): what the environment and git's configuration
 * for the remote's URL say about the proxy, trust, the client certificate, TLS verification and
 * extra headers, with git's precedence per setting. The one place the helper decides them.
 *
 * <ul>
 *   <li>Proxy (N1): {@code remote.<name>.proxy}, else {@code http.proxy} for the URL; an empty
 *       value means no proxy. A configured proxy is bypassed for the hosts of {@code
 *       no_proxy}/{@code NO_PROXY}, as git does (it hands them to curl as {@code CURLOPT_NOPROXY}).
 *       Only when the configuration names no proxy, the proxy variables as curl reads them.
 *   <li>Trust (N2): the PEM bundle of {@code GIT_SSL_CAINFO}, else {@code http.sslCAInfo}, else
 *       {@code SSL_CERT_FILE}; a bundle replaces the default trust.
 *   <li>Verification: {@code GIT_SSL_NO_VERIFY} set (any value, as git checks only that it is set)
 *       or {@code http.sslVerify=false} skip it, like {@code ENTIRE_TLS_SKIP_VERIFY}.
 *   <li>Client certificate (N3): {@code GIT_SSL_CERT} over {@code http.sslCert}, {@code
 *       GIT_SSL_KEY} over {@code http.sslKey}; without a key the certificate file must hold the key
 *       too (curl's rule); a key without a certificate is not used (curl ignores it too).
 *   <li>Extra headers (N4): {@code http.extraHeader} with git's list rule, each {@code Name: value}
 *       ({@code Name;} for an empty value, as curl).
 * </ul>
 *
 * <p>An empty variable counts as unset. Paths in the configuration may start with {@code ~/}, as
 * git's path values may. A value that cannot be used is an {@link IllegalArgumentException} whose
 * message starts with the variable or key, never holding a password, a header value or key
 * material: the helper prints it as its one {@code fatal:} line.
 *
 * <p>Immutable and thread-safe.
 */
final class HelperNetwork {
  static final String GIT_SSL_CAINFO = "GIT_SSL_CAINFO";
  static final String SSL_CERT_FILE = "SSL_CERT_FILE";
  static final String GIT_SSL_NO_VERIFY = "GIT_SSL_NO_VERIFY";
  static final String GIT_SSL_CERT = "GIT_SSL_CERT";
  static final String GIT_SSL_KEY = "GIT_SSL_KEY";

  /** An HTTP field name (RFC 9110 token). */
  private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /**
   * One chosen setting: where it came from and its value.
   *
   * @param source the variable or configuration key, e.g. {@code http.sslCAInfo}
   * @param value the value as given (a path already expanded)
   */
  record Setting(String source, String value) {
    Setting {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(value, "value");
    }

    /** Names the source only: a proxy URL may hold a password. */
    @Override
    public String toString() {
      return source;
    }
  }

  /** An extra header as git's configuration gives it. */
  record Header(String name, String value) {}

  private final Map<String, String> environment;
  private final Setting proxy; // null: the proxy variables decide
  private final Setting caBundle; // null: the JVM's default trust
  private final Setting certificate; // null: no client certificate
  private final Setting key; // the certificate's key, null when certificate is null
  private final List<Header> extraHeaders;
  private final String skipVerifySource; // null: verify

  private HelperNetwork(
      Map<String, String> environment,
      Setting proxy,
      Setting caBundle,
      Setting certificate,
      Setting key,
      List<Header> extraHeaders,
      String skipVerifySource) {
    this.environment = environment;
    this.proxy = proxy;
    this.caBundle = caBundle;
    this.certificate = certificate;
    this.key = key;
    this.extraHeaders = extraHeaders;
    this.skipVerifySource = skipVerifySource;
  }

  /**
   * Chooses the settings for one remote.
   *
   * @param environment the helper's environment
   * @param config git's configuration ({@code git config -z --list})
   * @param remoteName the remote's name as git passed it (for {@code remote.<name>.proxy})
   * @param url the remote's http(s) URL, e.g. {@code https://eu.example.dev/et/acme/widgets}
   * @return the choice
   * @throws IllegalArgumentException naming the key whose value git's rules refuse (a bad boolean,
   *     a key without a value) or an extra header that is not {@code Name: value}
   */
  static HelperNetwork choose(
      Map<String, String> environment, GitConfigList config, String remoteName, String url) {
    Map<String, String> env = Map.copyOf(environment);
    GitHttpConfig http = GitHttpConfig.forUrl(config, url);
    try {
      // Every value that applies is checked, also one an environment variable overrides: git
      // refuses a bad value in its configuration whatever the environment says.
      Setting proxy = configuredProxy(config, remoteName, http);
      Optional<Setting> configuredCa = configuredPath(env, http.sslCaInfo(), "http.sslCAInfo");
      Optional<Setting> configuredCert = configuredPath(env, http.sslCert(), "http.sslCert");
      Optional<Setting> configuredKey = configuredPath(env, http.sslKey(), "http.sslKey");
      boolean verifyOff = !http.sslVerify().orElse(true);
      List<Header> headers = headers(http.extraHeaders());
      // Plain conditionals rather than Optional.or: each lambda's first use would cost a start
      // without a startup archive ~0.4 ms (DESIGN §7).
      Optional<Setting> caBundle = variable(env, GIT_SSL_CAINFO);
      if (caBundle.isEmpty()) {
        caBundle = configuredCa.isPresent() ? configuredCa : variable(env, SSL_CERT_FILE);
      }
      Optional<Setting> certificate = variable(env, GIT_SSL_CERT);
      if (certificate.isEmpty()) {
        certificate = configuredCert;
      }
      Optional<Setting> key = variable(env, GIT_SSL_KEY);
      if (key.isEmpty()) {
        key = configuredKey;
      }
      String skipVerify =
          env.containsKey(GIT_SSL_NO_VERIFY)
              ? GIT_SSL_NO_VERIFY
              : verifyOff ? "http.sslVerify" : null;
      return new HelperNetwork(
          env,
          proxy,
          caBundle.orElse(null),
          certificate.orElse(null),
          certificate.isEmpty() ? null : key.orElse(certificate.get()),
          headers,
          skipVerify);
    } catch (InvalidGitConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Builds the client's network settings, reading the files named.
   *
   * @return the settings
   * @throws IllegalArgumentException starting with the variable or key whose value is unusable: a
   *     proxy URL that is not an http proxy, a CA bundle or key that is missing, unreadable,
   *     encrypted or not PEM, a key that does not belong to the certificate, a header that cannot
   *     be sent
   */
  NetworkSettings settings() {
    NetworkSettings.Builder builder = NetworkSettings.builder();
    if (proxy == null) {
      // proxyFromEnvironment names the variable in its own messages.
      builder.proxyFromEnvironment(environment);
    } else if (proxy.value().isEmpty()) {
      builder.directConnections();
    } else {
      apply(proxy.source(), () -> builder.proxy(proxy.value()));
      variable(environment, "no_proxy")
          .or(() -> variable(environment, "NO_PROXY"))
          .ifPresent(list -> builder.noProxy(list.value()));
    }
    if (caBundle != null) {
      apply(caBundle.source(), () -> builder.trustedCertificates(Path.of(caBundle.value())));
    }
    if (certificate != null) {
      String sources =
          key.source().equals(certificate.source())
              ? certificate.source()
              : certificate.source() + " / " + key.source();
      apply(
          sources,
          () -> builder.clientCertificate(Path.of(certificate.value()), Path.of(key.value())));
    }
    for (Header header : extraHeaders) {
      apply("http.extraHeader", () -> builder.extraHeader(header.name(), header.value()));
    }
    return builder.build();
  }

  /** Whether TLS certificates go unverified because of git's settings. */
  boolean skipTlsVerify() {
    return skipVerifySource != null;
  }

  /** The configured proxy, empty when the proxy variables decide. */
  Optional<Setting> proxy() {
    return Optional.ofNullable(proxy);
  }

  /** The CA bundle that replaces the default trust, if any. */
  Optional<Setting> caBundle() {
    return Optional.ofNullable(caBundle);
  }

  /** The client certificate file, if any. */
  Optional<Setting> certificate() {
    return Optional.ofNullable(certificate);
  }

  /** The file of the client certificate's key, if there is a certificate. */
  Optional<Setting> key() {
    return Optional.ofNullable(key);
  }

  /** The extra headers, in order. */
  List<Header> extraHeaders() {
    return extraHeaders;
  }

  /** Names where each setting came from, never a value (for the debug log). */
  @Override
  public String toString() {
    return "network settings: proxy from "
        + (proxy == null ? "the environment" : proxy.source())
        + ", trust "
        + (caBundle == null ? "the JVM's default" : caBundle.source())
        + ", client certificate "
        + (certificate == null
            ? "none"
            : certificate.source() + (key == certificate ? "" : " with key " + key.source()))
        + ", extra headers "
        + extraHeaders.stream().map(Header::name).toList()
        + (skipVerifySource == null ? "" : ", TLS verification off (" + skipVerifySource + ")");
  }

  /** git's proxy for the remote: {@code remote.<name>.proxy} wins over {@code http.proxy}. */
  private static Setting configuredProxy(
      GitConfigList config, String remoteName, GitHttpConfig http)
      throws InvalidGitConfigException {
    String remoteKey = "remote." + remoteName + ".proxy";
    List<String> remoteValues = config.values(remoteKey);
    if (!remoteValues.isEmpty()) {
      String value = remoteValues.get(remoteValues.size() - 1);
      if (value == null) {
        throw new InvalidGitConfigException(remoteKey, "missing value for '" + remoteKey + "'");
      }
      return new Setting(remoteKey, value.strip());
    }
    Optional<String> value = http.proxy();
    return value.isEmpty() ? null : new Setting("http.proxy", value.get().strip());
  }

  /** A variable that is set and not empty. */
  private static Optional<Setting> variable(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isEmpty()
        ? Optional.empty()
        : Optional.of(new Setting(name, value));
  }

  /**
   * A path from the configuration; {@code ~/} expands to {@code HOME} as git's path values do. An
   * empty value counts as unset.
   */
  private static Optional<Setting> configuredPath(
      Map<String, String> env, Optional<String> value, String key) {
    String raw = value.orElse("");
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.equals("~") || raw.startsWith("~/")) {
      String home = env.get("HOME");
      if (home == null || home.isEmpty()) {
        throw new IllegalArgumentException(key + ": cannot expand ~ in the path: HOME is not set");
      }
      raw = home + raw.substring(1);
    }
    return Optional.of(new Setting(key, raw));
  }

  /** The extra headers of {@code http.extraHeader}, each {@code Name: value} or {@code Name;}. */
  private static List<Header> headers(List<String> values) {
    List<Header> headers = new ArrayList<>(values.size());
    int position = 0;
    for (String value : values) {
      position++;
      int colon = value.indexOf(':');
      String name;
      String fieldValue;
      if (colon >= 0) {
        name = value.substring(0, colon);
        fieldValue = value.substring(colon + 1).strip();
        if (fieldValue.isEmpty()) {
          // curl would remove a header of its own by that name; we send only what is given.
          throw new IllegalArgumentException(
              "http.extraHeader: value "
                  + position
                  + " has an empty field value ('Name:' removes a header in curl, which is not"
                  + " supported; use 'Name;' to send an empty value)");
        }
      } else if (value.endsWith(";")) {
        name = value.substring(0, value.length() - 1);
        fieldValue = "";
      } else {
        throw new IllegalArgumentException(
            "http.extraHeader: value " + position + " is not 'Name: value'");
      }
      // Checked here, without showing the text: a value without a proper name may be a token.
      if (!FIELD_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "http.extraHeader: value "
                + position
                + " does not start with an HTTP header name followed by ':'");
      }
      headers.add(new Header(name, fieldValue));
    }
    return List.copyOf(headers);
  }

  /** Runs a builder call, prefixing its refusal with the setting's source. */
  private static void apply(String source, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }
}
