package dev.memctl.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * memctl-bom manages every published memctl artifact, each at the project's version, and nothing
 * else. "Published" is every module of the root pom that does not set {@code maven.deploy.skip}
 * (the benchmarks and this module do), except the parent and the BOM themselves.
 */
class BomTest {

    /** The repository root: this module's parent directory (Surefire runs in the module). */
    static final Path ROOT =
            Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void bomListsEveryPublishedArtifactAtTheProjectVersion() throws Exception {
        Element parent = read(ROOT.resolve("pom.xml"));
        String version = text(parent, "version");
        Set<String> published = new TreeSet<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            Element pom = read(ROOT.resolve(module.getTextContent().strip()).resolve("pom.xml"));
            Element properties = child(pom, "properties");
            boolean skipped = properties != null && "true".equals(text(properties, "maven.deploy.skip"));
            if (!skipped) {
                published.add(text(pom, "artifactId"));
            }
        }
        published.remove("memctl-bom");

        Element bom = read(ROOT.resolve("bom/pom.xml"));
        assertEquals(version, text(bom, "version"), "memctl-bom's version (it has no parent) is memctl-parent's");
        Map<String, String> managed = new TreeMap<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("dev.memctl", text(dependency, "groupId"));
            managed.put(text(dependency, "artifactId"), text(dependency, "version"));
        }
        assertEquals(published, managed.keySet(), "artifacts in memctl-bom");
        managed.forEach((artifact, v) -> assertEquals("${project.version}", v, artifact));
    }

    static Element read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                result.add(e);
            }
        }
        return result;
    }

    static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
