package dev.pgstate.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Picks the PostgreSQL major version for plain {@code @Test} methods taking a {@link PgCluster} parameter, for tests
 * about one version's behaviour; without it they get the newest selected version.
 */
@Documented
@Inherited
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PgExtension.class)
public @interface PgVersion {
    /** Major version, e.g. 16. */
    int value();
}
