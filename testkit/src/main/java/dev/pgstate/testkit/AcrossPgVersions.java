package dev.pgstate.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once per PostgreSQL major version (display name {@code [PostgreSQL 16]}) with a
 * {@link PgCluster} parameter, so behaviour is checked against every supported server, not just one.
 *
 * <p>Versions: {@code -Dpgstate.pg.versions=11,16}, default all versions the testkit build downloaded
 * (11, 14, 16, 18; every major 11 to 18 with {@code -Pall-majors}).
 * The cluster is shared across tests and {@link PgCluster#reset() reset} before each invocation.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(PgExtension.class)
public @interface AcrossPgVersions {

    /** The oldest major version the test applies to, for behaviour a server only has from then on. */
    int since() default 0;
}
