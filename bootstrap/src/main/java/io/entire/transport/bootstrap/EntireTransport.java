package io.entire.transport.bootstrap;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GitTransport} that owns its resources: the HTTP client's connection pool and, for token
 * exchange, the token endpoint's client. Made by {@link EntireTransports#open}.
 *
 * <p><b>Who closes what</b>: the caller closes every stream a call returns (as for any {@link
 * GitTransport}) and then closes this transport, once it is done with it, e.g. with
 * try-with-resources. {@link #close()} releases the HTTP connection pool and closes the credential
 * adapter when it is {@link AutoCloseable}; streams still open become unusable. It is idempotent
 * and never throws.
 *
 * <p><b>Not thread-safe</b>, like every {@link GitTransport}: one serial conversation per instance.
 *
 * @since 0.1
 */
public final class EntireTransport implements GitTransport, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EntireTransport.class);

  private final GitTransport delegate;
  private final List<AutoCloseable> resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  EntireTransport(GitTransport delegate, List<AutoCloseable> resources) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.resources = List.copyOf(resources);
  }

  @Override
  public InputStream infoRefs(GitService service) throws IOException {
    requireOpen();
    return delegate.infoRefs(service);
  }

  @Override
  public InputStream infoRefsV2() throws IOException {
    requireOpen();
    return delegate.infoRefsV2();
  }

  @Override
  public InputStream serviceRpc(
      GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
    requireOpen();
    return delegate.serviceRpc(service, body, customizers);
  }

  @Override
  public String errorBaseUrl() {
    return delegate.errorBaseUrl();
  }

  /** Returns whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Releases the HTTP connection pool and the credential adapter's resources. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeAll(resources);
  }

  /** Closes each resource, logging (at debug) rather than throwing a failure. */
  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing is best effort: a failure here must not hide the caller's own outcome.
        log.debug("closing {} failed: {}", resource, e.toString());
      }
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this transport is closed");
    }
  }

  @Override
  public String toString() {
    return "EntireTransport[" + delegate.errorBaseUrl() + (closed.get() ? ", closed]" : "]");
  }
}
