package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileReplicaCacheTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final String CLUSTER = "git.example.dev";
  private static final String REPO = "/team/service.git";
  private static final List<NodeUrl> NODES =
      List.of(
          NodeUrl.of("https://r1.eu.example.dev"), NodeUrl.of("https://r2.eu.example.dev:8443"));
  private static final List<NodeUrl> OTHER_NODES = List.of(NodeUrl.of("https://r3.example.dev"));

  @TempDir Path dir;
  private Path file;
  private MutableClock clock;
  private FileReplicaCache cache;

  @BeforeEach
  void setUp() {
    file = dir.resolve("entire").resolve("nodes.json");
    clock = new MutableClock(T0);
    cache = new FileReplicaCache(file, clock);
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private List<String> filesInCacheDirectory() throws IOException {
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private void writeFile(String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private String validFileWith(String cluster, String repo, String node) {
    return "{\""
        + cluster
        + "\": {\""
        + repo
        + "\": {\"nodes\": [\""
        + node
        + "\"], \"expiresAt\": \""
        + T0.plus(Duration.ofHours(1))
        + "\"}}}";
  }

  @Nested
  class DefaultFileK1 {
    @Test
    void k1_usesXdgCacheHome() {
      Path xdg = dir.resolve("xdg");
      assertEquals(
          xdg.resolve("entire").resolve("nodes.json"),
          FileReplicaCache.defaultFile(
              Map.of("XDG_CACHE_HOME", xdg.toString(), "HOME", "/home/someone")));
    }

    @Test
    void k1_withoutXdgCacheHome_usesHomeDotCache() {
      assertEquals(
          Path.of("/home/someone", ".cache", "entire", "nodes.json"),
          FileReplicaCache.defaultFile(Map.of("HOME", "/home/someone")));
    }

    @Test
    void k1_blankOrRelativeXdgCacheHome_isIgnored() {
      Path expected = Path.of("/home/someone", ".cache", "entire", "nodes.json");
      assertEquals(
          expected,
          FileReplicaCache.defaultFile(Map.of("XDG_CACHE_HOME", " ", "HOME", "/home/someone")));
      assertEquals(
          expected,
          FileReplicaCache.defaultFile(
              Map.of("XDG_CACHE_HOME", "relative/cache", "HOME", "/home/someone")));
    }

    @Test
    void k1_withoutHome_usesUserHomeProperty() {
      assertEquals(
          Path.of(System.getProperty("user.home"), ".cache", "entire", "nodes.json"),
          FileReplicaCache.defaultFile(Map.of()));
      assertEquals(
          Path.of(System.getProperty("user.home"), ".cache", "entire", "nodes.json"),
          FileReplicaCache.defaultFile(Map.of("HOME", "")));
    }

    @Test
    void nullEnvironment_isRejectedWithItsName() {
      var e = assertThrows(NullPointerException.class, () -> FileReplicaCache.defaultFile(null));
      assertEquals("environment", e.getMessage());
    }
  }

  @Test
  void k1_createsDirectory0700AndFile0600() throws IOException {
    assumeTrue(posix(dir), "POSIX permissions");
    file = dir.resolve("home").resolve(".cache").resolve("entire").resolve("nodes.json");
    cache = new FileReplicaCache(file, clock);

    cache.store(CLUSTER, REPO, NODES);

    assertEquals("rwx------", permissions(file.getParent()));
    assertEquals("rw-------", permissions(file));
    assertEquals("rw-------", permissions(file.resolveSibling("nodes.json.lock")));
    // Rewriting keeps the mode: each write is a new temp file created 0600.
    cache.store(CLUSTER, "/other.git", NODES);
    assertEquals("rw-------", permissions(file));
  }

  @Test
  void k1_tempFileIsCreated0600FromTheStart() throws IOException {
    assumeTrue(posix(dir), "POSIX permissions");
    Path temp = OwnerOnlyFiles.createTempFileNextTo(dir.resolve("nodes.json"));
    assertEquals("rw-------", permissions(temp));
    assertTrue(temp.getFileName().toString().startsWith("nodes.json."));
  }

  @Test
  void k3_tempFilesHaveUniqueNames_andNeverReuseALeftover() throws IOException {
    Path target = dir.resolve("nodes.json");
    Path first = OwnerOnlyFiles.createTempFileNextTo(target);
    // The next names this process would pick, left behind as if by a crashed process with our pid.
    String name = first.getFileName().toString();
    String prefix = name.substring(0, name.lastIndexOf('-') + 1);
    long n = Long.parseLong(name.substring(prefix.length(), name.length() - ".tmp".length()));
    Path leftover1 = Files.writeString(dir.resolve(prefix + (n + 1) + ".tmp"), "crashed");
    Path leftover2 = Files.writeString(dir.resolve(prefix + (n + 2) + ".tmp"), "crashed");

    Path next = OwnerOnlyFiles.createTempFileNextTo(target);

    assertEquals("nodes.json." + ProcessHandle.current().pid() + "-", prefix);
    assertEquals(dir.resolve(prefix + (n + 3) + ".tmp"), next);
    assertEquals(0, Files.size(next));
    assertEquals("crashed", Files.readString(leftover1));
    assertEquals("crashed", Files.readString(leftover2));
  }

  @Test
  void k4_nestedValuesAndRejectedEntries_doNotDisturbTheEntriesAfterThem() throws IOException {
    writeFile(
        "{\"git.example.dev\": {"
            + "\"/a.git\": {\"extra\": {\"deep\": [1, [2, {\"x\": 3}]]},"
            + " \"nodes\": [\"https://a.example.dev\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"},"
            + "\"/b.git\": {\"nodes\": [[\"https://x.example.dev\"], {\"n\": 1}],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\"},"
            + "\"/c.git\": [{\"nodes\": [\"https://x.example.dev\"]}],"
            + "\"/d.git\": {\"nodes\": [\"https://x.example.dev\"], \"nodes\": [\"https://d.example.dev\"],"
            + " \"expiresAt\": 4070908800000}},"
            + "\"other.example.dev\": [1, {\"2\": 3}],"
            + "\"last.example.dev\": {\"/e.git\": {\"expiresAt\": \"2099-01-01T00:00:00+02:00\","
            + " \"nodes\": [\"https://e.example.dev\"]}}}");

    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, "/a.git"));
    assertEquals(List.of(), cache.load(CLUSTER, "/b.git"), "nodes that are not text");
    assertEquals(List.of(), cache.load(CLUSTER, "/c.git"), "an entry that is not an object");
    assertEquals(
        List.of(NodeUrl.of("https://d.example.dev")),
        cache.load(CLUSTER, "/d.git"),
        "the last of two fields counts");
    assertEquals(
        List.of(NodeUrl.of("https://e.example.dev")), cache.load("last.example.dev", "/e.git"));
  }

  @Test
  void k4_expiryBeyondTheRangeOfEpochMillis_readsAsAbsent() throws IOException {
    writeFile(
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": 99999999999999999999999}}}");
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void writtenFile_isIndentedJson() throws IOException {
    cache.store(CLUSTER, REPO, List.of(NodeUrl.of("https://r1.eu.example.dev")));
    assertEquals(
        "{\n"
            + "  \"$version\" : 2,\n"
            + "  \"git.example.dev\" : {\n"
            + "    \"/team/service.git\" : {\n"
            + "      \"nodes\" : [ \"https://r1.eu.example.dev\" ],\n"
            + "      \"expiresAt\" : \"2025-03-02T10:00:00Z\"\n"
            + "    }\n"
            + "  }\n"
            + "}",
        Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void storedEntry_isLoaded_andFileHoldsOnlyNodesAndExpiry_a5() throws IOException {
    cache.store(CLUSTER, REPO, NODES);

    assertEquals(NODES, cache.load(CLUSTER, REPO));
    assertEquals(NODES, new FileReplicaCache(file, clock).load(CLUSTER, REPO), "other instance");
    JsonNode entry = new ObjectMapper().readTree(file.toFile()).get(CLUSTER).get(REPO);
    List<String> fields = new ArrayList<>();
    entry.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("nodes", "expiresAt"), fields);
    assertEquals("https://r2.eu.example.dev:8443", entry.get("nodes").get(1).asText());
    assertEquals(T0.plus(Duration.ofHours(24)).toString(), entry.get("expiresAt").asText());
  }

  @Test
  void entriesOfSeveralClustersAndRepos_areKeptApart() {
    cache.store("a.example.dev", "/x.git", NODES);
    cache.store("a.example.dev", "/y.git", OTHER_NODES);
    cache.store("b.example.dev", "/x.git", OTHER_NODES);

    assertEquals(NODES, cache.load("a.example.dev", "/x.git"));
    assertEquals(OTHER_NODES, cache.load("a.example.dev", "/y.git"));
    assertEquals(OTHER_NODES, cache.load("b.example.dev", "/x.git"));
    assertEquals(List.of(), cache.load("b.example.dev", "/y.git"));
    assertEquals(List.of(), cache.load("c.example.dev", "/x.git"));
  }

  @Test
  void store_replacesTheEntry() {
    cache.store(CLUSTER, REPO, NODES);
    cache.store(CLUSTER, REPO, OTHER_NODES);
    assertEquals(OTHER_NODES, cache.load(CLUSTER, REPO));
  }

  @Test
  void storingNoNodes_removesTheEntry() {
    cache.store(CLUSTER, REPO, NODES);
    cache.store(CLUSTER, REPO, List.of());
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void k6_invalidate_removesOnlyThatEntry() {
    cache.store(CLUSTER, REPO, NODES);
    cache.store(CLUSTER, "/other.git", OTHER_NODES);
    cache.store("b.example.dev", REPO, OTHER_NODES);

    cache.invalidate(CLUSTER, REPO);

    assertEquals(List.of(), cache.load(CLUSTER, REPO));
    assertEquals(List.of(), new FileReplicaCache(file, clock).load(CLUSTER, REPO), "on disk");
    assertEquals(OTHER_NODES, cache.load(CLUSTER, "/other.git"));
    assertEquals(OTHER_NODES, cache.load("b.example.dev", REPO));
  }

  @Test
  void k6_invalidatingAnAbsentEntryOrMissingFile_isHarmless() {
    assertDoesNotThrow(() -> cache.invalidate(CLUSTER, REPO));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void k6_invalidatingWithoutAFile_createsNone() {
    cache.invalidate(CLUSTER, REPO);

    assertFalse(java.nio.file.Files.exists(file), "H2: only a successful answer writes the cache");
  }

  @Test
  void k2_entryIsLiveFor24HoursThenAbsent() {
    cache.store(CLUSTER, REPO, NODES);

    clock.advance(Duration.ofHours(24).minusMillis(1));
    assertEquals(NODES, cache.load(CLUSTER, REPO));
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void k2_customTtl() {
    cache = new FileReplicaCache(file, clock, Duration.ofMinutes(5));
    cache.store(CLUSTER, REPO, NODES);

    clock.advance(Duration.ofMinutes(4));
    assertEquals(NODES, cache.load(CLUSTER, REPO));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void k2_nonPositiveTtl_isRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new FileReplicaCache(file, clock, Duration.ZERO));
    assertTrue(e.getMessage().contains("TTL"), e.getMessage());
  }

  @Test
  void k2_writesPruneExpiredEntries() throws IOException {
    cache.store(CLUSTER, "/old.git", NODES);
    clock.advance(Duration.ofHours(25));
    cache.store(CLUSTER, REPO, OTHER_NODES);

    assertFalse(Files.readString(file).contains("/old.git"), "expired entry removed from the file");
    clock.set(T0); // even with the clock turned back, the pruned entry is gone
    assertEquals(List.of(), cache.load(CLUSTER, "/old.git"));
  }

  @Test
  void k2_expiryWrittenAsEpochMillis_isRead() throws IOException {
    writeFile(
        "{\"c\": {\"/r\": {\"nodes\": [\"https://a.example.dev\"], \"expiresAt\": "
            + T0.plusSeconds(60).toEpochMilli()
            + "}}}");
    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load("c", "/r"));
    clock.advance(Duration.ofSeconds(60));
    assertEquals(List.of(), cache.load("c", "/r"));
  }

  @Test
  void k3_replacesTheFileByRename_leavingNoTempFiles() throws IOException {
    cache.store(CLUSTER, REPO, NODES);
    Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    // One write only: the temp file is created while the old file still exists, so their inodes
    // differ; after more writes a freed inode may be reused.
    cache.store(CLUSTER, "/b.git", NODES);
    Object after = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    cache.invalidate(CLUSTER, REPO);

    assumeTrue(before != null, "file keys (inodes) available");
    assertNotEquals(before, after, "a new file (inode) replaced the old one");
    assertEquals(List.of("nodes.json", "nodes.json.lock"), filesInCacheDirectory());
  }

  @Test
  @Timeout(30)
  void k3_threadsOfOneJvm_throughDifferentPathsToTheFile_loseNoEntry() throws Exception {
    Files.createDirectories(file.getParent());
    Path link = Files.createSymbolicLink(dir.resolve("link"), file.getParent());
    int threads = 4;
    int perThread = 25;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        // Separate instances, half through a symbolic link: the JVM-wide lock must still be one.
        Path path = thread % 2 == 0 ? file : link.resolve("nodes.json");
        FileReplicaCache own = new FileReplicaCache(path, clock);
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    own.store(CLUSTER, "/t" + thread + "/r" + i, List.of(node(thread, i)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertEquals(List.of(node(t, i)), cache.load(CLUSTER, "/t" + t + "/r" + i), t + "/" + i);
      }
    }
    assertEquals(List.of("nodes.json", "nodes.json.lock"), filesInCacheDirectory());
  }

  private static NodeUrl node(int thread, int index) {
    return NodeUrl.of("https://n" + thread + "-" + index + ".example.dev");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "", // empty
        "   \n", // whitespace only
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://r1", // truncated
        "this is not json",
        "null",
        "[{\"nodes\": [\"https://a.example.dev\"]}]", // top level is an array
        "\"just a string\"",
        "{} trailing garbage",
        "{\"git.example.dev\": 42}", // cluster is not an object
        "{\"git.example.dev\": {\"/team/service.git\": [\"https://a.example.dev\"]}}",
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": \"https://a.example.dev\","
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}", // nodes not an array
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}", // no nodes
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\"]}}}",
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": \"tomorrow\"}}}",
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": true}}}",
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\", 7],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}", // a node is not text
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\","
            + " \"ftp://b.example.dev\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}",
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://user:pw@a.example"
            + ".dev\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}", // userinfo
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev/x\"],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}", // a path
      })
  void k4_corruptOrMalformedContent_readsAsAbsent_andIsReplacedOnTheNextWrite(String content)
      throws IOException {
    writeFile(content);

    assertEquals(List.of(), cache.load(CLUSTER, REPO));

    cache.store("b.example.dev", "/x.git", OTHER_NODES);
    FileReplicaCache fresh = new FileReplicaCache(file, clock);
    assertEquals(OTHER_NODES, fresh.load("b.example.dev", "/x.git"));
    assertEquals(List.of(), fresh.load(CLUSTER, REPO));
    new ObjectMapper().readTree(file.toFile()); // the rewritten file is valid JSON
  }

  @Test
  void k4_binaryGarbage_readsAsEmpty() throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {(byte) 0xff, 0, (byte) 0xfe, '{', 0x01});
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
    cache.store(CLUSTER, REPO, NODES);
    assertEquals(NODES, cache.load(CLUSTER, REPO));
  }

  @Test
  void k4_oneMalformedEntry_doesNotHideTheOthers() throws IOException {
    writeFile(
        "{\"git.example.dev\": {"
            + "\"/bad.git\": {\"nodes\": [\"not a url\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"},"
            + "\"/good.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}},"
            + "\"broken.example.dev\": \"x\"}");

    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, "/good.git"));
    assertEquals(List.of(), cache.load(CLUSTER, "/bad.git"));

    cache.store(CLUSTER, REPO, NODES);
    String rewritten = Files.readString(file);
    assertFalse(rewritten.contains("/bad.git"), rewritten);
    assertFalse(rewritten.contains("broken.example.dev"), rewritten);
    assertTrue(rewritten.contains("/good.git"), rewritten);
  }

  @Test
  void k4_oversizedFile_readsAsEmpty_andIsReplaced() throws IOException {
    // Valid JSON with a valid entry, padded past the 1 MiB limit.
    String padding = "x".repeat(FileReplicaCache.MAX_FILE_BYTES);
    writeFile(
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\", \"pad\": \""
            + padding
            + "\"}}}");

    assertEquals(List.of(), cache.load(CLUSTER, REPO));

    cache.store("b.example.dev", "/x.git", OTHER_NODES);
    assertTrue(Files.size(file) < 10_000, "replaced by a small file");
    assertEquals(OTHER_NODES, cache.load("b.example.dev", "/x.git"));
  }

  @Test
  void k4_fileJustUnderTheLimit_isRead() throws IOException {
    String prefix = validFileWith(CLUSTER, REPO, "https://a.example.dev");
    writeFile(prefix + " ".repeat(FileReplicaCache.MAX_FILE_BYTES - prefix.length()));
    assertEquals(FileReplicaCache.MAX_FILE_BYTES, Files.size(file));
    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, REPO));
  }

  @Test
  void a5_unknownFieldsSuchAsTokens_areDroppedOnTheNextWrite() throws IOException {
    writeFile(
        "{\"git.example.dev\": {\"/team/service.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\", \"token\": \"s3cr3t\"}},"
            + " \"token\": {\"/x\": \"s3cr3t\"}}");

    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, REPO));
    cache.store("b.example.dev", "/x.git", OTHER_NODES);

    String rewritten = Files.readString(file, StandardCharsets.UTF_8);
    assertFalse(rewritten.contains("s3cr3t"), rewritten);
    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, REPO));
  }

  @Test
  void k4_tooManyEntries_dropsThoseExpiringFirst() throws IOException {
    // A full file written in one go (2000 single writes would make a slow test).
    StringBuilder json = new StringBuilder("{\"" + CLUSTER + "\": {");
    for (int i = 0; i < FileReplicaCache.MAX_ENTRIES; i++) {
      Instant expiry = T0.plus(Duration.ofHours(1)).plusMillis(i);
      json.append(i == 0 ? "" : ",")
          .append("\"/r" + i + "\": {\"nodes\": [\"https://a.example.dev\"], \"expiresAt\": \"")
          .append(expiry)
          .append("\"}");
    }
    writeFile(json.append("}}").toString());
    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, "/r0"));

    cache.store(CLUSTER, REPO, NODES);

    assertEquals(List.of(), cache.load(CLUSTER, "/r0"), "entry expiring first was dropped");
    assertEquals(List.of(NodeUrl.of("https://a.example.dev")), cache.load(CLUSTER, "/r1"));
    assertEquals(NODES, cache.load(CLUSTER, REPO));
  }

  @Test
  void k5_directoryCannotBeCreated_neverThrows() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    cache = new FileReplicaCache(notADirectory.resolve("entire").resolve("nodes.json"), clock);

    assertDoesNotThrow(() -> cache.store(CLUSTER, REPO, NODES));
    assertDoesNotThrow(() -> cache.invalidate(CLUSTER, REPO));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void k5_readOnlyDirectory_neverThrows() throws IOException {
    assumeTrue(posix(dir), "POSIX permissions");
    Files.createDirectories(file.getParent());
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("r-x------"));
    try {
      assumeFalse(Files.isWritable(file.getParent()), "permissions are enforced (not root)");
      assertDoesNotThrow(() -> cache.store(CLUSTER, REPO, NODES));
      assertEquals(List.of(), cache.load(CLUSTER, REPO));
    } finally {
      Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void k5_cacheFileIsADirectory_neverThrows_andLeavesNoTempFile() throws IOException {
    Files.createDirectories(file.resolve("occupied"));

    assertDoesNotThrow(() -> cache.store(CLUSTER, REPO, NODES));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
    assertEquals(List.of("nodes.json", "nodes.json.lock"), filesInCacheDirectory());
    assertTrue(Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void k5_nullArguments_neverThrow() {
    assertDoesNotThrow(() -> cache.store(null, REPO, NODES));
    assertDoesNotThrow(() -> cache.store(CLUSTER, null, NODES));
    assertDoesNotThrow(() -> cache.store(CLUSTER, REPO, null));
    assertDoesNotThrow(
        () -> cache.store(CLUSTER, REPO, java.util.Arrays.asList(NODES.get(0), null)));
    assertDoesNotThrow(() -> cache.invalidate(null, null));
    assertEquals(List.of(), cache.load(null, REPO));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
  }

  @Test
  void k5_interruptedWriter_skipsTheWrite_keepsTheFlag_andDoesNotThrow() throws Exception {
    cache.store(CLUSTER, REPO, NODES); // creates the directory and lock file
    Thread.currentThread().interrupt();
    try {
      assertDoesNotThrow(() -> cache.store(CLUSTER, "/other.git", NODES));
      assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag kept");
    } finally {
      Thread.interrupted();
    }
    assertEquals(NODES, cache.load(CLUSTER, REPO));
  }
}
