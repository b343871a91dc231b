package io.entire.transport.domain;

/** The call was cancelled (by its cancellation handle, or by SIGINT/SIGTERM in the helper). */
public class TransportCancelledException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public TransportCancelledException() {
    super("operation cancelled");
  }

  /** Creates the exception with the failure that the cancellation caused. */
  public TransportCancelledException(Throwable cause) {
    super("operation cancelled", cause);
  }

  /**
   * Creates the exception with its own message.
   *
   * @param message why the call was cancelled, e.g. {@code "interrupted"}
   * @param cause the failure that the cancellation caused, or null
   * @since 0.2
   */
  public TransportCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
