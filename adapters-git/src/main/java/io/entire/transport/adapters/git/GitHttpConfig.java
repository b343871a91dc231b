package io.entire.transport.adapters.git;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * git's {@code http.*} settings for one remote URL (N5), chosen from {@code git config -z --list}
 * with git's {@code http.<url>.*} rules (git-config(1)): see {@link GitConfigUrl} for how a
 * configured URL matches and which match is more specific; a plain {@code http.<key>} matches every
 * URL and is the least specific.
 *
 * <p>git replays the entries in config order and passes a value on when its match is at least as
 * specific as the best one seen so far for that key: for a single-valued key the last value passed
 * on wins (what {@code git config --get-urlmatch} prints); for {@code http.extraHeader} every value
 * passed on is appended, and an empty one clears the list. So a plain {@code http.extraHeader}
 * before a URL-specific one is sent too, but not after it — verified against git 2.39 by {@code
 * GitHttpConfigTest}.
 *
 * <p>Values are returned as configured: {@code ~} in paths is not expanded here. Immutable and
 * thread-safe.
 *
 * @since 0.2
 */
public final class GitHttpConfig {
  /** {@code http.proxy}: the proxy URL. */
  public static final String PROXY = "proxy";

  /** {@code http.sslCAInfo}: a PEM bundle that replaces the default trust. */
  public static final String SSL_CA_INFO = "sslCAInfo";

  /** {@code http.sslVerify}: a boolean; false skips certificate verification. */
  public static final String SSL_VERIFY = "sslVerify";

  /** {@code http.sslCert}: the client certificate (PEM). */
  public static final String SSL_CERT = "sslCert";

  /** {@code http.sslKey}: the client certificate's private key (PEM). */
  public static final String SSL_KEY = "sslKey";

  /** {@code http.extraHeader}: multi-valued; an empty value clears the list. */
  public static final String EXTRA_HEADER = "extraHeader";

  private static final String SECTION = "http.";

  /** Per variable name in lower case: the values git passes on, in config order. */
  private final Map<String, List<String>> passedOn;

  private GitHttpConfig(Map<String, List<String>> passedOn) {
    this.passedOn = passedOn;
  }

  /**
   * Chooses the {@code http.*} settings that apply to a URL.
   *
   * @param config the configuration, in git's order
   * @param url the remote's URL, e.g. {@code https://alice@git.example.dev/team/repo}; when git
   *     could not normalize it, only plain {@code http.<key>} entries apply, as in git
   * @return the settings for that URL
   */
  public static GitHttpConfig forUrl(GitConfigList config, String url) {
    Optional<GitConfigUrl> target = GitConfigUrl.normalize(url, false);
    Map<String, GitConfigUrl.Specificity> best = new HashMap<>();
    Map<String, List<String>> passedOn = new HashMap<>();
    for (GitConfigList.Entry entry : config.entries()) {
      if (!entry.key().startsWith(SECTION)) {
        continue;
      }
      String rest = entry.key().substring(SECTION.length());
      int dot = rest.lastIndexOf('.');
      String name = rest.substring(dot + 1).toLowerCase(Locale.ROOT);
      Optional<GitConfigUrl.Specificity> match = Optional.of(GitConfigUrl.Specificity.PLAIN);
      if (dot >= 0) {
        Optional<GitConfigUrl> pattern = GitConfigUrl.normalize(rest.substring(0, dot), true);
        match =
            target.isPresent() && pattern.isPresent()
                ? target.get().matchedBy(pattern.get())
                : Optional.empty();
      }
      if (match.isEmpty()) {
        continue;
      }
      GitConfigUrl.Specificity previous = best.get(name);
      if (previous != null && match.get().compareTo(previous) < 0) {
        continue;
      }
      best.put(name, match.get());
      List<String> values = passedOn.get(name);
      if (values == null) {
        values = new ArrayList<>();
        passedOn.put(name, values);
      }
      values.add(entry.value());
    }
    return new GitHttpConfig(passedOn);
  }

  /**
   * The value of a single-valued key, as {@code git config --get-urlmatch} chooses it.
   *
   * @param name the variable name, e.g. {@link #PROXY} (case-insensitive)
   * @return the value, or empty when no entry applies
   * @throws InvalidGitConfigException when an applying entry has no value (git: "missing value")
   */
  public Optional<String> string(String name) throws InvalidGitConfigException {
    List<String> values = requireValues(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /**
   * The value of a boolean key, parsed as git does: {@code true/yes/on} and non-zero integers
   * (optionally with a {@code k/m/g} unit) are true, {@code false/no/off}, the empty string and 0
   * are false, case-insensitively; a key without a value is true.
   *
   * @param name the variable name, e.g. {@link #SSL_VERIFY}
   * @return the value, or empty when no entry applies
   * @throws InvalidGitConfigException naming the key, for a value that is not a boolean (also one
   *     that a later entry overrides: git stops at it too)
   */
  public Optional<Boolean> bool(String name) throws InvalidGitConfigException {
    Boolean result = null;
    for (String value : passedOn.getOrDefault(name.toLowerCase(Locale.ROOT), List.of())) {
      result = GitBoolean.parse(value).orElse(null);
      if (result == null) {
        throw new InvalidGitConfigException(
            keyOf(name), "bad boolean config value '" + value + "' for '" + keyOf(name) + "'");
      }
    }
    return Optional.ofNullable(result);
  }

  /**
   * The values of a multi-valued key with git's list rule: each value passed on is appended, and an
   * empty value clears what came before.
   *
   * @param name the variable name, e.g. {@link #EXTRA_HEADER}
   * @return the values in order, possibly empty
   * @throws InvalidGitConfigException when an applying entry has no value
   */
  public List<String> list(String name) throws InvalidGitConfigException {
    List<String> result = new ArrayList<>();
    for (String value : requireValues(name)) {
      if (value.isEmpty()) {
        result.clear();
      } else {
        result.add(value);
      }
    }
    return List.copyOf(result);
  }

  /** {@code http.proxy} for this URL. */
  public Optional<String> proxy() throws InvalidGitConfigException {
    return string(PROXY);
  }

  /** {@code http.sslCAInfo} for this URL. */
  public Optional<String> sslCaInfo() throws InvalidGitConfigException {
    return string(SSL_CA_INFO);
  }

  /** {@code http.sslVerify} for this URL. */
  public Optional<Boolean> sslVerify() throws InvalidGitConfigException {
    return bool(SSL_VERIFY);
  }

  /** {@code http.sslCert} for this URL. */
  public Optional<String> sslCert() throws InvalidGitConfigException {
    return string(SSL_CERT);
  }

  /** {@code http.sslKey} for this URL. */
  public Optional<String> sslKey() throws InvalidGitConfigException {
    return string(SSL_KEY);
  }

  /** {@code http.extraHeader} for this URL, with git's list rule. */
  public List<String> extraHeaders() throws InvalidGitConfigException {
    return list(EXTRA_HEADER);
  }

  private List<String> requireValues(String name) throws InvalidGitConfigException {
    List<String> values = passedOn.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    if (!values.isEmpty() && values.contains(null)) { // (List.of() refuses contains(null))
      throw new InvalidGitConfigException(keyOf(name), "missing value for '" + keyOf(name) + "'");
    }
    return values;
  }

  private static String keyOf(String name) {
    return SECTION + name;
  }

  /** Returns the names of the keys that apply, never their values. */
  @Override
  public String toString() {
    return "GitHttpConfig" + passedOn.keySet();
  }
}
