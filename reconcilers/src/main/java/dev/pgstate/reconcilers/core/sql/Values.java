package dev.pgstate.reconcilers.core.sql;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.secret.DesiredPassword;

/** Reads an attribute change's new value as the type its SQL clause needs, naming the attribute when it is not. */
public final class Values {

    private Values() {
    }

    public static boolean bool(AttributeChange<?> change) {
        return as(change, Boolean.class);
    }

    public static int integer(AttributeChange<?> change) {
        return as(change, Integer.class);
    }

    public static String text(AttributeChange<?> change) {
        return as(change, String.class);
    }

    public static DesiredPassword password(AttributeChange<?> change) {
        return as(change, DesiredPassword.class);
    }

    private static <T> T as(AttributeChange<?> change, Class<T> type) {
        Object value = change.after();
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(change.name() + " needs a " + type.getSimpleName()
                    + " value, got " + (value == null ? "none" : value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }
}
