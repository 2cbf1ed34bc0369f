package io.braid.docs;

import io.braid.testing.Checkout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every snippet of docs/use-in-your-project.md that names a file of the sample user project in its first line (a
 * comment) is that file's text: its lines appear there, in order (the snippet may leave lines out, never add or change
 * one). The sample project is built, tested and deployed on Liberty by the suite, so the snippets are too.
 */
@Tag("unit")
class DocSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("```(xml|java|yaml)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("^(?:<!--|//|#)\\s*(src/it/sample-project/\\S+)");

    @Test
    void everySnippetNamingASampleFileIsThatFilesText() throws Exception {
        String doc = Files.readString(Checkout.file("docs/use-in-your-project.md"), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(doc);
        int checked = 0;
        while (m.find()) {
            List<String> lines = m.group(2).lines().toList();
            Matcher marker = MARKER.matcher(lines.isEmpty() ? "" : lines.get(0).strip());
            if (!marker.find()) {
                continue;
            }
            Path file = Checkout.file("src/app").resolve(marker.group(1));
            assertTrue(Files.isRegularFile(file), "the snippet names " + file);
            String text = Files.readString(file, StandardCharsets.UTF_8)
                    .replace("@project.version@", System.getProperty("braid.version", "0.1.0-SNAPSHOT"));
            List<String> missing = notInOrder(significant(lines.subList(1, lines.size())), significant(text.lines().toList()));
            assertTrue(missing.isEmpty(), marker.group(1) + " has no line, in this order: " + missing);
            checked++;
        }
        assertEquals(6, checked, "snippets that name a sample file");
    }

    @Test
    void aChangedLineIsFound() {
        List<String> file = significant(List.of("<a>", "  <b>1</b>", "</a>"));
        assertTrue(notInOrder(significant(List.of("<a>", "</a>")), file).isEmpty());
        assertEquals(List.of("<b>2</b>"), notInOrder(significant(List.of("<a>", "<b>2</b>", "</a>")), file));
        if (notInOrder(significant(List.of("</a>", "<a>")), file).isEmpty()) {
            fail("lines out of order pass");
        }
    }

    private static List<String> significant(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The snippet's lines that are not found in the file after the previous one. */
    private static List<String> notInOrder(List<String> snippet, List<String> file) {
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String line : snippet) {
            int found = file.subList(at, file.size()).indexOf(line);
            if (found < 0) {
                missing.add(line);
            } else {
                at += found + 1;
            }
        }
        return missing;
    }
}
