package io.braid.embedded;

import org.jberet.spi.JobXmlResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lets JBeret SE find job XML that Braid compiled at run time (the embedded runner compiles workflow files
 * on the fly). Jobs live in the folder named by {@value #JOBS_DIR}, one {@code <name>.xml} each, so a
 * restart from a new JVM finds the same job again. Registered through ServiceLoader.
 */
public final class CompiledJobResolver implements JobXmlResolver {
    public static final String JOBS_DIR = "braid.jobs.dir";

    @Override
    public InputStream resolveJobXml(String jobXml, ClassLoader classLoader) throws IOException {
        Path file = file(jobXml);
        return file != null && Files.isRegularFile(file) ? Files.newInputStream(file) : null;
    }

    @Override
    public Collection<String> getJobXmlNames(ClassLoader classLoader) {
        Path dir = dir();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String resolveJobName(String jobXml, ClassLoader classLoader) {
        return file(jobXml) != null ? jobXml.replaceFirst("\\.xml$", "") : null;
    }

    private static Path dir() {
        String d = System.getProperty(JOBS_DIR);
        return d == null ? null : Path.of(d);
    }

    private static Path file(String jobXml) {
        Path dir = dir();
        if (dir == null || jobXml.contains("/") || jobXml.contains("\\")) {
            return null;
        }
        return dir.resolve(jobXml.endsWith(".xml") ? jobXml : jobXml + ".xml");
    }
}
