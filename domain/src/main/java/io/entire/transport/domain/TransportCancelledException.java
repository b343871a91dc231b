package io.entire.transport.domain;

/** The call was cancelled (by its cancellation handle, or by SIGINT/SIGTERM in the helper). */
public final class TransportCancelledException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public TransportCancelledException() {
    super("operation cancelled");
  }

  /** Creates the exception with the failure that the cancellation caused. */
  public TransportCancelledException(Throwable cause) {
    super("operation cancelled", cause);
  }
}
