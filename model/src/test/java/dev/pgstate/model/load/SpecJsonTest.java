package dev.pgstate.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecJsonTest {

    static Stream<Path> validSpecs() throws IOException {
        try (Stream<Path> fixtures = Files.list(Path.of("src/test/resources/specs/valid"));
             Stream<Path> examples = Files.list(Path.of("../config-examples"))) {
            return Stream.concat(fixtures, examples).filter(f -> f.toString().endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSpecs")
    void aValidSpecReadsBackFromItsJsonAsTheVerySameRecords(Path file) {
        Spec spec = Specs.load(file);

        byte[] json = SpecJson.write(spec);

        assertThat(SpecJson.read(new String(json, StandardCharsets.US_ASCII))).contains(spec);
        for (byte b : json) {
            assertThat(b).as("ASCII only, no control character").isBetween((byte) 0x20, (byte) 0x7e);
        }
    }

    /** A component no fixture sets is one whose round trip above is never tested. */
    @Test
    void theFixturesSetEveryComponentOfEveryRecordOfTheSpec() throws IOException {
        Set<String> set = new HashSet<>();
        for (Path file : validSpecs().toList()) {
            collectSet(Specs.load(file), set);
        }
        Set<String> components = new TreeSet<>();
        collectComponents(Spec.class, components, new HashSet<>());

        assertThat(set).containsAll(components);
    }

    @Property(tries = 300)
    void anyTextInNamesSettingsAndPasswordFilesReadsBack(@ForAll String name, @ForAll String parameter,
            @ForAll String value, @ForAll String secretFile) {
        Spec spec = Spec.builder().roles(new RoleSpec(name, null, true, null, null, null, true, null, null, 3, null,
                        List.of(), null, new PasswordSource.External(PasswordSource.Origin.FILE, secretFile, 10_000),
                        Map.of(parameter, value)))
                .build();

        assertThat(SpecJson.read(new String(SpecJson.write(spec), StandardCharsets.US_ASCII))).contains(spec);
    }

    @Test
    void jsonThatIsNotASpecOfThisBuildIsNone() {
        assertThat(SpecJson.read("{\"roles\": [{\"name\": \"a\", \"colour\": \"red\"}]}")).isEmpty();
        assertThat(SpecJson.read("{\"roles\": [{\"name\": \"a\"}")).isEmpty();
        assertThat(SpecJson.read("[]")).isEmpty();
        assertThat(SpecJson.read("")).isEmpty();
        assertThat(SpecJson.read("{\"roles\": [{\"name\": \"a\", \"login\": \"true\"}]}")).isEmpty();
    }

    @Test
    void theBuildIsNamedToTheMillisecond() {
        assertThat(SpecJson.BUILD).matches("[0-9][^@]*@\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    private static void collectSet(Object value, Set<String> set) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object child = valueOf(component, record);
                if (child != null && !(child instanceof Collection<?> c && c.isEmpty())
                        && !(child instanceof Map<?, ?> m && m.isEmpty())) {
                    set.add(record.getClass().getSimpleName() + "." + component.getName());
                }
                collectSet(child, set);
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(element -> collectSet(element, set));
        }
    }

    private static void collectComponents(Type type, Set<String> components, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                collectComponents(argument, components, seen);
            }
            return;
        }
        if (!(type instanceof Class<?> recordClass) || !seen.add(recordClass)) {
            return;
        }
        if (recordClass.isSealed()) {
            for (Class<?> permitted : recordClass.getPermittedSubclasses()) {
                collectComponents(permitted, components, seen);
            }
        }
        if (!recordClass.isRecord()) {
            return;
        }
        for (RecordComponent component : recordClass.getRecordComponents()) {
            components.add(recordClass.getSimpleName() + "." + component.getName());
            collectComponents(component.getGenericType(), components, seen);
        }
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
