package io.entire.transport.bootstrap.helper;

/** The {@code --help} text. */
final class HelpText {
  private HelpText() {}

  static final String TEXT =
      """
      usage: git-remote-entire <remote> <url>
             git-remote-entire --version | --help

      The git remote helper for a replicated git data plane. git runs it for URLs such as
        entire://host[:port]/org/repo       (https)
        entire::https://host[:port]/org/repo
        entire::http://127.0.0.1:8080/org/repo   (http: loopback only, or ENTIRE_ALLOW_HTTP=true)
      Put the directory holding git-remote-entire on PATH, then: git clone entire://host/org/repo

      Environment:
        ENTIRE_AUTH                     none | static | exchange | git-credential
        ENTIRE_TOKEN                    bearer token (static) or login token (exchange)
        ENTIRE_TOKEN_EXCHANGE_URL       RFC 8693 token endpoint (https unless loopback)
        ENTIRE_CONNECT_TIMEOUT_SECONDS  default 2
        ENTIRE_READ_TIMEOUT_SECONDS     default 60 (GIT_HTTP_LOW_SPEED_LIMIT/_TIME honoured)
        ENTIRE_HEDGE_DELAY_MS           ask the next replica too when refs take longer; default
                                        1000, 0: never
        ENTIRE_TLS_SKIP_VERIFY=true     do not verify TLS certificates (testing only)
        ENTIRE_ALLOW_HTTP=true          allow plain http to non-loopback hosts
        ENTIRE_DEBUG=1                  debug log on stderr (credentials redacted)
        XDG_CACHE_HOME                  replica cache: $XDG_CACHE_HOME/entire/nodes.json
        ENTIRE_JAVA_HOME                the JDK the launcher uses (default: the newest JDK 25+
                                        installed, else JAVA_HOME, else java on PATH)
        JAVA_OPTS                       extra JVM flags for the launcher

      Company networks, as git's http transport reads them (git config wins where both exist):
        git config http.proxy / remote.<name>.proxy, else HTTPS_PROXY, http_proxy, ALL_PROXY
        NO_PROXY                        hosts reached directly (also with http.proxy)
        GIT_SSL_CAINFO, http.sslCAInfo, SSL_CERT_FILE   PEM CA bundle replacing the default trust
        GIT_SSL_NO_VERIFY, http.sslVerify=false         do not verify TLS certificates
        GIT_SSL_CERT/GIT_SSL_KEY, http.sslCert/sslKey   client certificate and PEM key
        git config http.extraHeader     "Name: value" on every request to the cluster
      """;
}
