package io.entire.transport.application.service;

import io.entire.transport.domain.HttpErrors;
import java.io.IOException;
import java.io.InputStream;

/**
 * H1: what the final answer of a discovery (warm path or entry domain) gives the caller. The node
 * list learns from it first (H2–H4), then a 200 hands back its body and anything else becomes the
 * user-facing error (E1–E4).
 *
 * <p>Not thread-safe: one per transport, like the node list it updates.
 */
final class InfoRefsAnswers {
  private final KnownReplicas replicas;
  private final SentSecrets secrets;

  InfoRefsAnswers(KnownReplicas replicas, SentSecrets secrets) {
    this.replicas = replicas;
    this.secrets = secrets;
  }

  /**
   * Refreshes the node list from {@code answer}, then returns its body or throws its error.
   *
   * @param adopted whether the node list was adopted from an entry redirect (C3)
   */
  InputStream read(Answer answer, boolean adopted) throws IOException {
    replicas.learnFrom(answer, adopted);
    if (answer.status() != 200) {
      String text = ServerText.readAndClose(answer.response(), secrets);
      throw HttpErrors.message(answer.status(), text, replicas.errorBaseUrl());
    }
    return new ResponseStream(answer.response());
  }
}
