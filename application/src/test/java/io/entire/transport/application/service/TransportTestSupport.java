package io.entire.transport.application.service;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Wires a {@link ReplicaTransportService} to in-memory fakes of every port: a cluster rooted at
 * {@code eu.example.dev} with entry {@code https://eu.example.dev}, repository {@code /et/o/r}, and
 * replicas a, b, c.
 */
abstract class TransportTestSupport {
  static final String ENTRY = "https://eu.example.dev";
  static final String REPO = "/et/o/r";
  static final String A = "https://a.eu.example.dev";
  static final String B = "https://b.eu.example.dev";
  static final String C = "https://c.eu.example.dev";
  static final String X = "https://x.eu.example.dev";
  static final String EVIL = "https://evil.example.com";
  static final String UPLOAD_REFS = REPO + "/info/refs?service=git-upload-pack";
  static final String RECEIVE_REFS = REPO + "/info/refs?service=git-receive-pack";

  final ScriptedHttpExchange http = new ScriptedHttpExchange();
  final RecordingCredentials credentials = new RecordingCredentials();
  final InMemoryReplicaCache cache = new InMemoryReplicaCache();
  final RecordingNodeFailedListener listener = new RecordingNodeFailedListener();
  final Cancellation cancellation = new Cancellation();
  FixedRandom random = new FixedRandom(0);
  final TransportConfig.Builder config =
      TransportConfig.builder()
          .entryUrl(ENTRY)
          .repoPath(REPO)
          .nodeFailedListener(listener)
          .cancellation(cancellation);

  ReplicaTransportService service() {
    return new ReplicaTransportService(
        config.build(), http, credentials, cache, random, TestPublicSuffixes.INSTANCE);
  }

  /** A service whose node list starts with the given replicas (as from the cache). */
  ReplicaTransportService serviceWithNodes(String... nodes) {
    cache.put("eu.example.dev", REPO, nodes(nodes));
    return service();
  }

  /** A service without an entry URL, starting with the given replicas. */
  ReplicaTransportService serviceWithoutEntry(String... nodes) {
    config.entryUrl((String) null).clusterHost("eu.example.dev").initialNodes(nodes(nodes));
    return service();
  }

  static List<NodeUrl> nodes(String... urls) {
    return Arrays.stream(urls).map(NodeUrl::of).toList();
  }

  static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void noLeakedResponses() {
    http.assertAllResponsesClosed();
  }

  /** Returns the given indices in turn (the last one repeats) and records every bound asked for. */
  static final class FixedRandom implements RandomSource {
    private final int[] indices;
    final List<Integer> bounds = new ArrayList<>();

    FixedRandom(int... indices) {
      this.indices = indices;
    }

    @Override
    public int nextInt(int bound) {
      bounds.add(bound);
      return indices[Math.min(bounds.size() - 1, indices.length - 1)];
    }
  }
}
