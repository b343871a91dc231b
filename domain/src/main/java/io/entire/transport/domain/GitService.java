package io.entire.transport.domain;

/**
 * The two git smart-HTTP services and what they imply for requests.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum GitService {
  /** Fetching: {@code git-upload-pack}. */
  UPLOAD_PACK("git-upload-pack", RepoAction.PULL),
  /** Pushing: {@code git-receive-pack}. */
  RECEIVE_PACK("git-receive-pack", RepoAction.PUSH);

  private final String serviceName;
  private final RepoAction action;

  GitService(String serviceName, RepoAction action) {
    this.serviceName = serviceName;
    this.action = action;
  }

  /** Returns the wire name, e.g. {@code git-upload-pack}. */
  public String serviceName() {
    return serviceName;
  }

  /** Returns whether this service reads or writes the repository. */
  public RepoAction action() {
    return action;
  }

  /** Returns the discovery suffix, e.g. {@code /info/refs?service=git-upload-pack}. */
  public String infoRefsSuffix() {
    return "/info/refs?service=" + serviceName;
  }

  /** Returns the RPC suffix, e.g. {@code /git-upload-pack}. */
  public String rpcSuffix() {
    return "/" + serviceName;
  }

  /** Returns the RPC request content type, e.g. {@code application/x-git-upload-pack-request}. */
  public String requestContentType() {
    return "application/x-" + serviceName + "-request";
  }

  /** Returns the RPC result content type, e.g. {@code application/x-git-upload-pack-result}. */
  public String resultContentType() {
    return "application/x-" + serviceName + "-result";
  }

  /** Returns the service with the given wire name. */
  public static GitService fromServiceName(String name) {
    for (GitService s : values()) {
      if (s.serviceName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown git service: " + name);
  }
}
