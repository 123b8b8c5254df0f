package dev.pgstate.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.Converger;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of the model or the engine has more than two constructors: a third is a telescope, and callers then pass
 * long rows of {@code null}s by position; records get a builder, engine classes a wither or a named factory.
 */
class ConstructorCountTest {

    private static final int MOST = 2;

    @Test
    void noModelOrEngineClassHasMoreThanTwoConstructors() throws Exception {
        List<String> telescopes = new ArrayList<>();
        for (Class<?> type : classesBeside(Spec.class, "dev/pgstate/model")) {
            telescopes.addAll(telescope(type));
        }
        for (Class<?> type : classesBeside(Converger.class, "dev/pgstate/reconcilers")) {
            telescopes.addAll(telescope(type));
        }

        assertThat(telescopes).isEmpty();
    }

    @Test
    void aClassWithThreeConstructorsIsFound() {
        assertThat(telescope(ThreeWays.class)).containsExactly(ThreeWays.class.getName() + " has 3 constructors");
        assertThat(telescope(ConstructorCountTest.class)).isEmpty();
    }

    private static List<String> telescope(Class<?> type) {
        int count = type.getDeclaredConstructors().length;
        return count > MOST ? List.of(type.getName() + " has " + count + " constructors") : List.of();
    }

    /** Every class under {@code root} in the directory or jar {@code anchor} was loaded from. */
    private static List<Class<?>> classesBeside(Class<?> anchor, String root)
            throws IOException, URISyntaxException, ClassNotFoundException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        if (Files.isDirectory(location)) {
            addClasses(location, location.resolve(root), classes);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                addClasses(jar.getPath("/"), jar.getPath("/", root), classes);
            }
        }
        assertThat(classes).as("classes under " + root + " in " + location).isNotEmpty();
        return classes;
    }

    private static void addClasses(Path base, Path root, List<Class<?>> classes)
            throws IOException, ClassNotFoundException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(file -> file.toString().endsWith(".class"))
                    .filter(file -> !file.getFileName().toString().equals("package-info.class"))
                    .toList();
        }
        for (Path file : files) {
            String relative = base.relativize(file).toString();
            String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
            classes.add(Class.forName(name, false, ConstructorCountTest.class.getClassLoader()));
        }
    }

    @SuppressWarnings("unused")
    private static final class ThreeWays {
        ThreeWays() {
        }

        ThreeWays(int one) {
        }

        ThreeWays(int one, int two) {
        }
    }
}
