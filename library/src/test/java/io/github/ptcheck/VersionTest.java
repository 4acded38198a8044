package io.github.ptcheck;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VersionTest {

    /** The build filtered ptcheck.properties: the version is the one the POM declares. */
    @Test
    void theVersionIsTheProjectVersionFromThePom() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Element parent = (Element) pom.getDocumentElement().getElementsByTagName("parent").item(0);
        String version = null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("version")) {
                version = n.getTextContent().trim();
            }
        }
        assertEquals(version, Version.current());
    }
}
