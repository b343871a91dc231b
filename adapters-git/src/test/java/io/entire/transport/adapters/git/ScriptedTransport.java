package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A {@link GitTransport} that answers from a script and records what it was asked. */
final class ScriptedTransport implements GitTransport {

  /** A scripted answer: bytes, or an exception to throw. */
  interface Answer {
    InputStream open() throws IOException;

    static Answer of(byte[] bytes) {
      return () -> new ByteArrayInputStream(bytes);
    }

    static Answer failing(IOException e) {
      return () -> {
        throw e;
      };
    }
  }

  /** One recorded POST. */
  record Post(GitService service, byte[] body, Headers headers) {}

  private final Map<GitService, Answer> infoRefs = new EnumMap<>(GitService.class);
  private Answer infoRefsV2;
  private final Deque<Answer> rpcAnswers = new ArrayDeque<>();
  private final List<Post> posts = new ArrayList<>();
  private final List<String> gets = new ArrayList<>();

  ScriptedTransport infoRefs(GitService service, Answer answer) {
    infoRefs.put(service, answer);
    return this;
  }

  ScriptedTransport infoRefsV2(Answer answer) {
    infoRefsV2 = answer;
    return this;
  }

  ScriptedTransport thenRpc(Answer answer) {
    rpcAnswers.add(answer);
    return this;
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  List<String> gets() {
    return List.copyOf(gets);
  }

  @Override
  public InputStream infoRefs(GitService service) throws IOException {
    gets.add("info/refs " + service.serviceName());
    Answer answer = infoRefs.get(service);
    if (answer == null) {
      throw new AssertionError("unexpected infoRefs(" + service + ")");
    }
    return answer.open();
  }

  @Override
  public InputStream infoRefsV2() throws IOException {
    gets.add("info/refs v2");
    if (infoRefsV2 == null) {
      throw new AssertionError("unexpected infoRefsV2()");
    }
    return infoRefsV2.open();
  }

  @Override
  public InputStream serviceRpc(
      GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
    Headers headers = Headers.empty();
    for (HeaderCustomizer c : customizers) {
      headers = c.customize(headers);
    }
    try (InputStream in = body.open()) {
      posts.add(new Post(service, in.readAllBytes(), headers));
    }
    Answer answer = rpcAnswers.poll();
    if (answer == null) {
      throw new AssertionError("unexpected serviceRpc(" + service + ")");
    }
    return answer.open();
  }

  @Override
  public String errorBaseUrl() {
    return "https://node.example.dev/et/org/repo";
  }
}
