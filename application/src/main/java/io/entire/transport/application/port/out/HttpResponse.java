package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.entire.transport.domain.Headers;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.apiguardian.api.API;

/**
 * One HTTP response, whatever its status.
 *
 * <p>Not thread-safe, except {@link #close()}: the receiver closes it; closing it (or closing the
 * body stream) releases the connection. Reading a body that was cut short throws (S3). {@code
 * close()} may also be called from another thread while a read of the body is blocked: it aborts
 * the connection and the blocked read ends at once with an {@link IOException} (the transport uses
 * this to bound how long it waits for an error text).
 */
@API(status = INTERNAL)
public interface HttpResponse extends Closeable {

  /** Returns the status code. */
  int status();

  /** Returns the response headers. */
  Headers headers();

  /** Returns the body stream (empty when there is none); the same stream on every call. */
  InputStream body() throws IOException;
}
