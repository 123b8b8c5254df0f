package dev.pgstate.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension giving tests real PostgreSQL clusters: one per major version, started lazily, shared by all tests
 * of the JVM (stored in the root context store, so closed at the end of the run even after failures) and
 * {@link PgCluster#reset() reset} before each test that uses one.
 *
 * <p>{@link AcrossPgVersions} methods run once per version; plain {@code @Test} methods with a {@link PgCluster}
 * parameter get {@link PgVersion} or else the newest selected version.
 */
public final class PgExtension implements TestTemplateInvocationContextProvider, ParameterResolver, BeforeEachCallback {

    /** System property selecting the versions, e.g. {@code 16} or {@code 11,18}. */
    public static final String VERSIONS_PROPERTY = "pgstate.pg.versions";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PgExtension.class);

    /** The selected majors: {@value #VERSIONS_PROPERTY} if set, else every version the testkit can find. */
    public static List<Integer> versions() {
        String selected = System.getProperty(VERSIONS_PROPERTY, "");
        if (selected.isBlank()) {
            return PgBinaries.availableMajors();
        }
        return Arrays.stream(selected.split("[,\\s]+")).filter(s -> !s.isBlank()).map(Integer::valueOf).toList();
    }

    /** The shared cluster of {@code major} for this test run, started on first use. */
    public static PgCluster cluster(ExtensionContext context, int major) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("pg-" + major, key -> PgCluster.start(major), PgCluster.class);
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return isAcrossVersions(context);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        int since = context.getRequiredTestMethod().getAnnotation(AcrossPgVersions.class).since();
        return versions().stream().filter(major -> major >= since).map(VersionInvocation::new);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        // Inside @AcrossPgVersions the per-invocation VersionInvocation resolves it instead.
        return parameter.getParameter().getType() == PgCluster.class && !isAcrossVersions(context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context, plainVersion(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (isAcrossVersions(context)) {
            return;
        }
        boolean usesCluster = context.getTestMethod()
                .map(m -> Arrays.stream(m.getParameterTypes()).anyMatch(t -> t == PgCluster.class)).orElse(false);
        if (usesCluster || annotatedVersion(context).isPresent()) {
            cluster(context, plainVersion(context)).reset();
        }
    }

    private static boolean isAcrossVersions(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, AcrossPgVersions.class)).orElse(false);
    }

    private static int plainVersion(ExtensionContext context) {
        return annotatedVersion(context).orElseGet(() -> Collections.max(versions()));
    }

    /** {@link PgVersion} on the method, its class or an enclosing (@Nested) class, nearest first. */
    private static Optional<Integer> annotatedVersion(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent()) {
                Optional<PgVersion> version = AnnotationSupport.findAnnotation(element.get(), PgVersion.class);
                if (version.isPresent()) {
                    return Optional.of(version.get().value());
                }
            }
        }
        return Optional.empty();
    }

    /** One {@link AcrossPgVersions} invocation: binds the PgCluster parameter to one version and resets it first. */
    private static final class VersionInvocation implements TestTemplateInvocationContext, ParameterResolver, BeforeEachCallback {
        private final int major;

        VersionInvocation(int major) {
            this.major = major;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[PostgreSQL " + major + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            cluster(context, major).reset();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == PgCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return cluster(context, major);
        }
    }
}
