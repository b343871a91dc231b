package io.entire.transport.jgit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.URL;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.util.TemporaryBuffer;

/**
 * One request of JGit's smart-HTTP transport, answered by the client (J1, J2): it records the
 * method, URL and headers JGit sets, spools the body JGit writes, and on {@link #getResponseCode()}
 * runs the exchange through its {@link ClientGitSession}. JGit only ever sees 200 with the smart
 * content type, or a JGit {@code TransportException} (J5): never a 3xx (the client follows
 * redirects) and never a 401 (the client's credentials apply; JGit's own {@code Authorization} and
 * TLS settings are recorded and ignored).
 *
 * <p>Not thread-safe: JGit uses a connection from one thread.
 */
final class ClientHttpConnection implements HttpConnection {
  /** Bodies up to this size stay in memory; larger ones (pushes) go to a temp file (G12). */
  static final int MEMORY_LIMIT = 1 << 20;

  private final URL url;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private String method = "GET";
  private TemporaryBuffer body;
  private ClientGitSession session;
  private boolean exchanged;
  private SmartHttpRequest request;
  private InputStream response;
  private IOException failure;

  ClientHttpConnection(URL url) {
    this.url = url;
  }

  /** Binds this request to the JGit operation's session ({@link ClientGitSession#configure}). */
  void attach(ClientGitSession session) {
    this.session = session;
  }

  /** The header JGit set, or null. */
  String header(String name) {
    return headers.get(name);
  }

  @Override
  public int getResponseCode() throws IOException {
    exchange();
    return HTTP_OK;
  }

  private void exchange() throws IOException {
    if (exchanged) {
      if (failure != null) {
        throw failure;
      }
      return;
    }
    exchanged = true;
    if (session == null) {
      failure = new IOException("this connection was not configured by its JGit session: " + url);
      throw failure;
    }
    try {
      request = session.requestOf(method, url);
      response = session.exchange(this, request, body);
    } catch (IOException e) {
      failure = e;
      throw e;
    } finally {
      if (body != null) {
        body.destroy();
      }
    }
  }

  @Override
  public URL getURL() {
    return url;
  }

  @Override
  public String getResponseMessage() throws IOException {
    exchange();
    return "OK";
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    return request == null ? Map.of() : Map.of("Content-Type", List.of(getContentType()));
  }

  @Override
  public void setRequestProperty(String key, String value) {
    headers.put(key, value);
  }

  @Override
  public void setRequestMethod(String method) throws ProtocolException {
    String upper = method.toUpperCase(Locale.ROOT);
    if (!upper.equals("GET") && !upper.equals("POST")) {
      throw new ProtocolException("git smart HTTP uses GET and POST only, not " + method);
    }
    this.method = upper;
  }

  @Override
  public void setUseCaches(boolean usecaches) {
    // Nothing is cached: every request goes to the cluster.
  }

  @Override
  public void setConnectTimeout(int timeout) {
    // The client's connect timeout applies (its sessions share one pool).
  }

  @Override
  public void setReadTimeout(int timeout) {
    // The client's read timeout applies (its sessions share one pool).
  }

  @Override
  public String getContentType() {
    return request == null ? null : request.responseContentType();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    exchange();
    return response;
  }

  @Override
  public String getHeaderField(String name) {
    return "Content-Type".equalsIgnoreCase(name) ? getContentType() : null;
  }

  @Override
  public List<String> getHeaderFields(String name) {
    String value = getHeaderField(name);
    return value == null ? List.of() : List.of(value);
  }

  @Override
  public int getContentLength() {
    return -1;
  }

  @Override
  public void setInstanceFollowRedirects(boolean followRedirects) {
    // The client follows redirects by the transport's rules (X1-X5); JGit never sees one.
  }

  @Override
  public void setDoOutput(boolean dooutput) {
    // A body is whatever JGit writes to getOutputStream().
  }

  @Override
  public void setFixedLengthStreamingMode(int contentLength) {
    // The body is spooled first, so its length is known either way.
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    if (body == null) {
      body = new TemporaryBuffer.LocalFile(null, MEMORY_LIMIT);
    }
    return body;
  }

  @Override
  public void setChunkedStreamingMode(int chunklen) {
    // The body is spooled first, so its length is known either way.
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public boolean usingProxy() {
    return false;
  }

  @Override
  public void connect() {
    // Nothing to do: the exchange runs on getResponseCode().
  }

  @Override
  public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
    // The client's TLS settings apply; JGit's (e.g. http.sslVerify=false) are ignored.
  }

  @Override
  public void setHostnameVerifier(HostnameVerifier hostnameverifier) {
    // The client's TLS settings apply.
  }

  @Override
  public String toString() {
    return "ClientHttpConnection[" + method + " " + url + "]";
  }
}
