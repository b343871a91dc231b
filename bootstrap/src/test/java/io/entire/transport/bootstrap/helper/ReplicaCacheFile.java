package io.entire.transport.bootstrap.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The helper's replica cache file as a test sees it (K1 format: cluster host → repo path → {@code
 * {nodes, expiresAt}}): written by hand to stage a cache state, read back to check what the helper
 * left.
 */
final class ReplicaCacheFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final ObjectNode root = JSON.createObjectNode();

  ReplicaCacheFile(Path file) {
    this.file = file;
  }

  /**
   * The key the helper files a cluster under (K1): its host and, as testkit ports are never the
   * default ones, the entry's port.
   */
  static String clusterKey(String entryUrl) {
    java.net.URI entry = java.net.URI.create(entryUrl);
    return entry.getHost() + ":" + entry.getPort();
  }

  /** Adds an entry valid for another hour. */
  ReplicaCacheFile entry(String clusterHost, String repoPath, List<String> nodes) {
    ObjectNode cluster =
        root.has(clusterHost) ? (ObjectNode) root.get(clusterHost) : root.putObject(clusterHost);
    ObjectNode entry = cluster.putObject(repoPath);
    ArrayNode array = entry.putArray("nodes");
    nodes.forEach(array::add);
    entry.put("expiresAt", Instant.now().plus(Duration.ofHours(1)).toString());
    return this;
  }

  /** Writes the entries added so far, replacing the file. */
  void write() {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the file the helper left: it must be one valid JSON object (K3, K4).
   *
   * @throws AssertionError when it is missing or not valid JSON
   */
  static JsonNode read(Path file) {
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      if (root == null || !root.isObject()) {
        throw new AssertionError("cache file is not a JSON object: " + Files.readString(file));
      }
      return root;
    } catch (IOException e) {
      throw new AssertionError("cache file " + file + " is missing or not valid JSON: " + e, e);
    }
  }

  /** The cached nodes of (cluster, repo), or empty when there is no entry. */
  static Optional<List<String>> nodes(Path file, String clusterHost, String repoPath) {
    JsonNode entry = read(file).path(clusterHost).path(repoPath);
    if (entry.isMissingNode()) {
      return Optional.empty();
    }
    Instant expiresAt = Instant.parse(entry.path("expiresAt").asText());
    if (!expiresAt.isAfter(Instant.now())) {
      throw new AssertionError("entry " + repoPath + " has already expired: " + entry);
    }
    List<String> nodes = new ArrayList<>();
    entry.path("nodes").forEach(n -> nodes.add(n.asText()));
    return Optional.of(nodes);
  }

  /** A loopback base URL on which nothing listens (connections are refused). */
  static String deadNode() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
