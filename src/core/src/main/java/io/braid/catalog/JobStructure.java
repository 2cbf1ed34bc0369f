package io.braid.catalog;

import io.braid.compile.WorkflowCompiler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of a job as the batch runtime runs it, compared with the job XML Braid compiles for the deployed
 * workflow: every element and attribute — steps and their artifacts, listeners, partition plans and mappers,
 * decisions, transitions, splits and flows — must be the compiled ones. Only comments, whitespace between elements,
 * the order of attributes and the XML declaration may differ. Checking the properties alone
 * ({@link JobVerifier}) let a submitter keep every {@code braid.*} property and run another artifact in a task's step
 * (a no-op recorded as the task's success) or wrap a task's step in a partition plan (one grant, many executions).
 *
 * <p>The submitted text is a stranger's: it is parsed with DTDs and external entities off.
 */
public final class JobStructure {
    private static final Pattern ENCODING = Pattern.compile("\\A\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']*)[\"']");

    private JobStructure() {
    }

    /** Throws, naming the first difference, unless {@code actual} is {@code compiled} up to comments and layout. */
    public static void check(String jobName, String compiled, String actual) {
        if (afterHeader(compiled).equals(afterHeader(actual))) {
            // the usual case, a deployed job or an unchanged copy: the same text after the generator's comment (which
            // names the source file as the build saw it), so no parsing on every run's start
            return;
        }
        Matcher declared = ENCODING.matcher(actual);
        if (declared.find() && !declared.group(1).equalsIgnoreCase("UTF-8")) {
            // the text was read as UTF-8; the runtime reads the bytes in the encoding they declare, and the two must
            // not see different jobs
            throw new UnverifiedJobException("job '" + jobName + "' declares the encoding " + declared.group(1)
                    + ": Braid's job XML is UTF-8");
        }
        Element expected = parse(compiled, "the compiled job XML of '" + jobName + "'").getDocumentElement();
        Element got = parse(actual, "job '" + jobName + "'").getDocumentElement();
        difference("/" + expected.getLocalName(), expected, got).ifPresent(d -> {
            throw new UnverifiedJobException("job '" + jobName + "' differs from the deployed workflow's job XML at " + d
                    + ": Braid runs a workflow only as it was compiled");
        });
    }

    /**
     * The text after the declaration and the generator's comment that open every compiled job, or the whole text if it
     * does not open so. Nothing can hide in what is cut: it is one comment.
     */
    static String afterHeader(String xml) {
        String head = WorkflowCompiler.DECLARATION + "\n<!-- " + WorkflowCompiler.GENERATED_FROM;
        if (!xml.startsWith(head)) {
            return xml;
        }
        int end = xml.indexOf("-->", head.length());
        return end < 0 ? xml : xml.substring(end + 3);
    }

    private static Optional<String> difference(String path, Element expected, Element actual) {
        if (!same(expected.getNamespaceURI(), actual.getNamespaceURI()) || !expected.getLocalName().equals(actual.getLocalName())) {
            return Optional.of(path + " (<" + actual.getTagName() + "> instead of <" + expected.getTagName() + ">)");
        }
        TreeMap<String, String> want = attributes(expected);
        TreeMap<String, String> have = attributes(actual);
        if (!want.equals(have)) {
            for (String name : union(want, have)) {
                if (!same(want.get(name), have.get(name))) {
                    return Optional.of(path + "/@" + name + " (" + quoted(have.get(name)) + " instead of " + quoted(want.get(name)) + ")");
                }
            }
        }
        List<Node> a = significant(expected);
        List<Node> b = significant(actual);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size()) {
                return Optional.of(path + " (an extra " + describe(b.get(i)) + ")");
            }
            if (i >= b.size()) {
                return Optional.of(path + " (" + describe(a.get(i)) + " missing)");
            }
            Node x = a.get(i);
            Node y = b.get(i);
            if (x.getNodeType() != y.getNodeType()) {
                return Optional.of(path + " (" + describe(y) + " instead of " + describe(x) + ")");
            }
            if (x instanceof Element ex) {
                Element ey = (Element) y;
                String id = ex.hasAttribute("id") ? "[@id='" + ex.getAttribute("id") + "']"
                        : ex.hasAttribute("name") ? "[@name='" + ex.getAttribute("name") + "']" : position(a, i);
                Optional<String> d = difference(path + "/" + ex.getLocalName() + id, ex, ey);
                if (d.isPresent()) {
                    return d;
                }
            } else if (!x.getNodeValue().strip().equals(y.getNodeValue().strip())) {
                return Optional.of(path + "/text()");
            }
        }
        return Optional.empty();
    }

    /** XPath's position among the siblings of the same name, where there are several: {@code [2]}. */
    private static String position(List<Node> siblings, int at) {
        String name = siblings.get(at).getLocalName();
        int before = 0;
        int all = 0;
        for (int i = 0; i < siblings.size(); i++) {
            if (name.equals(siblings.get(i).getLocalName())) {
                all++;
                if (i < at) {
                    before++;
                }
            }
        }
        return all == 1 ? "" : "[" + (before + 1) + "]";
    }

    /** Child elements and non-blank text; comments, processing instructions and layout whitespace left out. */
    private static List<Node> significant(Element e) {
        List<Node> nodes = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE
                    || (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) && !n.getNodeValue().isBlank()) {
                nodes.add(n);
            }
        }
        return nodes;
    }

    private static TreeMap<String, String> attributes(Element e) {
        TreeMap<String, String> m = new TreeMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) { // namespace declarations
                m.put(a.getNamespaceURI() == null ? a.getLocalName() : "{" + a.getNamespaceURI() + "}" + a.getLocalName(), a.getNodeValue());
            }
        }
        return m;
    }

    private static List<String> union(TreeMap<String, String> a, TreeMap<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    private static String describe(Node n) {
        return n instanceof Element e ? "<" + e.getLocalName() + (e.hasAttribute("id") ? " id='" + e.getAttribute("id") + "'" : "") + ">"
                : "text";
    }

    private static String quoted(String s) {
        return s == null ? "none" : "'" + s + "'";
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    private static Document parse(String xml, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new UnverifiedJobException(what + " is not well-formed job XML: " + e.getMessage());
        }
    }
}
