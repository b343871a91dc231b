package io.entire.transport.domain;

/**
 * A request that would carry credentials targets a host outside the cluster's trust domain (rule
 * X3). The transport refuses it before any credential is produced.
 *
 * <p>Not retryable (L5): the host stays outside the trust domain.
 *
 * @since 0.1
 */
public final class UntrustedHostException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the refused host. */
  public UntrustedHostException(String host) {
    super("refusing to send credentials to out-of-cluster host " + host);
  }

  /**
   * Not retryable: the host will be refused again.
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
