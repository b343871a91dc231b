import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Prepares the consumer project that module consumer-tests builds with maven-invoker-plugin (issue
 * 10, item 9: "every example is complete and is the code the tests run"). Run by the JDK's
 * source-file launcher, so the module compiles nothing of its own:
 *
 * <pre>
 * java PrepareReadmeConsumer.java README.md parent-pom.xml consumer-pom.xml consumer-project-dir
 * </pre>
 *
 * <ol>
 *   <li>Every {@code ```java} block of the README must begin with a line {@code //
 *       example/Name.java} naming the file it is; the block is written, verbatim, to {@code
 *       src/test/java/example/Name.java} of the consumer project when the name ends in {@code
 *       Test.java} (a JUnit test, with the testkit on its class path), else to {@code
 *       src/main/java/example/Name.java} (compiled against the library alone).
 *   <li>The consumer POM pins the parent POM's plugin versions, so the main build has already put
 *       them into the local repository the consumer build reads from (it has no network).
 *   <li>The consumer POM's enforcer bans the parent POM's dependency versions (P6).
 * </ol>
 *
 * <p>The consumer project directory is deleted first: maven-invoker-plugin then clones {@code
 * src/it/readme-consumer} into it, and nothing of an earlier README survives. Any problem ends the
 * program with status 1 and one message naming what is wrong.
 */
final class PrepareReadmeConsumer {
  private static final Pattern JAVA_BLOCK =
      Pattern.compile(
          "^[ \\t]*```java[ \\t]*\\n(.*?)^[ \\t]*```[ \\t]*$", Pattern.DOTALL | Pattern.MULTILINE);
  private static final Pattern FILE_LINE =
      Pattern.compile("// (example(?:/[a-z][a-z0-9_]*)*/([A-Z][A-Za-z0-9_]*)\\.java)");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  private PrepareReadmeConsumer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      fail("usage: PrepareReadmeConsumer README.md parent-pom consumer-pom consumer-project-dir");
    }
    Path readme = Path.of(args[0]);
    Path project = Path.of(args[3]);
    requireSamePluginVersions(Path.of(args[1]), Path.of(args[2]));
    requireSameBans(Path.of(args[1]), Path.of(args[2]));
    Map<Path, String> examples = examples(Files.readString(readme, StandardCharsets.UTF_8));
    if (examples.isEmpty()) {
      fail(readme + " has no Java example: the consumer project would prove nothing");
    }
    deleteRecursively(project);
    for (Map.Entry<Path, String> example : examples.entrySet()) {
      Path file = project.resolve(example.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, example.getValue(), StandardCharsets.UTF_8);
    }
    System.out.println(
        "README Java blocks written into " + project + ": " + List.copyOf(examples.keySet()));
  }

  /** The README's Java blocks by the consumer project file each one is. */
  static Map<Path, String> examples(String readme) {
    Map<Path, String> examples = new LinkedHashMap<>();
    Matcher block = JAVA_BLOCK.matcher(readme);
    while (block.find()) {
      String code = block.group(1);
      String where = "README.md line " + lineOf(readme, block.start());
      String firstLine = code.lines().findFirst().orElse("").strip();
      Matcher name = FILE_LINE.matcher(firstLine);
      if (!name.matches()) {
        fail(
            where
                + ": a ```java block must begin with a line '// example/Name.java' naming the"
                + " file it is (every README example is a whole file that consumer-tests compiles"
                + " and runs); it begins with: "
                + (firstLine.isEmpty() ? "an empty line" : firstLine));
      }
      String relative = name.group(1);
      String packageName = relative.substring(0, relative.lastIndexOf('/')).replace('/', '.');
      Matcher declared = PACKAGE.matcher(code);
      if (!declared.find() || !declared.group(1).equals(packageName)) {
        fail(where + ": " + relative + " must declare 'package " + packageName + ";'");
      }
      if (!Pattern.compile("\\b(class|interface|record|enum) " + name.group(2) + "\\b")
          .matcher(code)
          .find()) {
        fail(where + ": " + relative + " does not declare the type " + name.group(2));
      }
      String root = name.group(2).endsWith("Test") ? "src/test/java" : "src/main/java";
      Path file = Path.of(root, relative);
      if (examples.put(file, code) != null) {
        fail(where + ": a second README block is " + relative);
      }
    }
    return examples;
  }

  /** Each plugin version the consumer POM pins equals the parent POM's pluginManagement one. */
  static void requireSamePluginVersions(Path parentPom, Path consumerPom) throws Exception {
    Map<String, String> managed = pluginVersions(parentPom, "pluginManagement");
    Map<String, String> pinned = pluginVersions(consumerPom, "build");
    List<String> problems = new ArrayList<>();
    pinned.forEach(
        (plugin, version) -> {
          String parent = managed.get(plugin);
          if (!version.equals(parent)) {
            problems.add(plugin + " " + version + " (parent POM: " + parent + ")");
          }
        });
    if (!problems.isEmpty()) {
      fail(
          consumerPom
              + " must pin the parent POM's plugin versions (its build reads only the local"
              + " repository the main build filled): "
              + problems);
    }
  }

  /**
   * The consumer POM's enforcer bans the same dependency versions as the parent POM (P6): the
   * consumer build checks the tree a user resolves, which the reactor's dependencyManagement hides.
   */
  static void requireSameBans(Path parentPom, Path consumerPom) throws Exception {
    Set<String> parent = bannedDependencies(parentPom);
    Set<String> consumer = bannedDependencies(consumerPom);
    if (parent.isEmpty() || !parent.equals(consumer)) {
      fail(
          consumerPom
              + " must ban the parent POM's dependency versions (bannedDependencies excludes):"
              + " parent "
              + parent
              + ", consumer "
              + consumer);
    }
  }

  /** Every {@code <exclude>} of every {@code <bannedDependencies>} rule in the POM. */
  private static Set<String> bannedDependencies(Path pom) throws Exception {
    Set<String> excludes = new TreeSet<>();
    NodeList rules = parse(pom).getElementsByTagName("bannedDependencies");
    for (int i = 0; i < rules.getLength(); i++) {
      NodeList exclude = ((Element) rules.item(i)).getElementsByTagName("exclude");
      for (int j = 0; j < exclude.getLength(); j++) {
        excludes.add(exclude.item(j).getTextContent().strip());
      }
    }
    return excludes;
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  /** artifactId → version of the plugins directly under {@code <section><plugins>}. */
  private static Map<String, String> pluginVersions(Path pom, String section) throws Exception {
    Document document = parse(pom);
    Map<String, String> versions = new LinkedHashMap<>();
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      // <section><plugins><plugin>: skips plugins nested elsewhere, e.g. in profiles
      Node owner = plugin.getParentNode().getParentNode();
      if (owner.getNodeName().equals(section)) {
        String version = child(plugin, "version");
        if (version != null) {
          versions.put(child(plugin, "artifactId"), version);
        }
      }
    }
    return versions;
  }

  private static String child(Element element, String name) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeName().equals(name)) {
        return n.getTextContent().strip();
      }
    }
    return null;
  }

  private static int lineOf(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void fail(String message) {
    System.err.println("PrepareReadmeConsumer: " + message);
    System.exit(1);
  }
}
