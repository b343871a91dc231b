package io.entire.transport.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The reactor as its POMs declare it (P2, P3): each module's directory, artifactId, packaging and
 * whether it is published, that is, not marked {@code maven.deploy.skip} (the release profile
 * stages and deploys exactly those). Read from the POM files, so a new module is seen the day it is
 * added. Stateless and thread-safe: each call parses the POMs afresh.
 */
final class ReactorModules {

  /** One module of the reactor. */
  record Module(String directory, String artifactId, String packaging, boolean published) {}

  private ReactorModules() {}

  /** Every module the root POM at {@code root} lists, in its order. */
  static List<Module> of(Path root) {
    Element parent = read(root.resolve("pom.xml"));
    List<Module> modules = new ArrayList<>();
    for (String directory : texts(child(parent, "modules"), "module")) {
      Element pom = read(root.resolve(directory).resolve("pom.xml"));
      String packaging = text(pom, "packaging");
      Element properties = child(pom, "properties");
      boolean skipped = properties != null && "true".equals(text(properties, "maven.deploy.skip"));
      modules.add(
          new Module(
              directory, text(pom, "artifactId"), packaging == null ? "jar" : packaging, !skipped));
    }
    return modules;
  }

  /** The artifactIds a BOM POM manages (its own {@code <dependencyManagement>} only). */
  static Set<String> managedArtifactIds(Path bomPom) {
    Set<String> artifactIds = new TreeSet<>();
    Element dependencies = child(child(read(bomPom), "dependencyManagement"), "dependencies");
    if (dependencies == null) {
      return artifactIds;
    }
    for (Element dependency : children(dependencies, "dependency")) {
      artifactIds.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
    }
    return artifactIds;
  }

  /** The names of the elements directly under a POM's {@code <project>}, e.g. "licenses". */
  static Set<String> topLevelElements(Path pom) {
    Set<String> names = new TreeSet<>();
    NodeList nodes = read(pom).getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element && !element.getTextContent().isBlank()) {
        names.add(element.getTagName());
      }
    }
    return names;
  }

  private static Element read(Path pom) {
    if (!Files.isRegularFile(pom)) {
      throw new IllegalStateException("no POM at " + pom);
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      return document.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
    }
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && name.equals(element.getTagName())) {
        found.add(element);
      }
    }
    return found;
  }

  private static List<String> texts(Element parent, String name) {
    List<String> values = new ArrayList<>();
    if (parent != null) {
      children(parent, name).forEach(element -> values.add(element.getTextContent().strip()));
    }
    return values;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().strip();
  }
}
