package io.entire.transport.application.port.in;

import io.entire.transport.domain.GitService;
import java.io.IOException;
import java.io.InputStream;

/**
 * The git smart-HTTP conversation with one repository on a replicated data plane: discovery ({@code
 * info/refs}) and service RPCs, with failover between replicas and replica discovery.
 *
 * <p><b>Not thread-safe</b>: git's remote-helper protocol is serial, and one instance keeps the
 * sticky node and node list of one invocation. Use one instance per thread, or synchronize.
 *
 * <p><b>Streams</b>: every returned {@link InputStream} must be closed by the caller; closing it
 * releases the connection. Reading a response that was cut short throws an {@link IOException}; it
 * never looks like a clean end of stream (S3).
 *
 * <p><b>Errors</b> are {@link io.entire.transport.domain.TransportException}s whose messages are
 * meant for users and never contain credentials.
 *
 * @since 0.1
 */
public interface GitTransport {

  /**
   * {@code GET info/refs?service=<service>}: the v0/v1 ref advertisement (rules W1–W3, C1–C6,
   * H1–H4).
   *
   * @param service the service to discover
   * @return the advertisement body, including its {@code # service=} section; caller closes
   * @throws IOException a {@code TransportException} with a user-facing message
   */
  InputStream infoRefs(GitService service) throws IOException;

  /**
   * {@code GET info/refs?service=git-upload-pack} with {@code Git-Protocol: version=2} on every
   * request (V2).
   *
   * @return the body (a v2 capability advertisement when the server speaks v2); caller closes
   * @throws IOException a {@code TransportException} with a user-facing message
   */
  InputStream infoRefsV2() throws IOException;

  /**
   * {@code POST <service>} with the request body (rules S1–S4, F1–F8).
   *
   * @param service the service to call
   * @param body the request, replayed from the start on every attempt; still owned by the caller
   * @param customizers extra headers (e.g. {@code Git-Protocol}), applied after the defaults and
   *     carried across redirects
   * @return the response body; caller closes
   * @throws IOException a {@code TransportException} with a user-facing message
   */
  InputStream serviceRpc(GitService service, RequestBody body, HeaderCustomizer... customizers)
      throws IOException;

  /**
   * The repository URL used in error messages (E4): the first known node + repo path, or just the
   * repo path when no node is known.
   */
  String errorBaseUrl();
}
