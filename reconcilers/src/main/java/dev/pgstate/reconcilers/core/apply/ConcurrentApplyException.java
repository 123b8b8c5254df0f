package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.failure.EngineException;
import java.math.BigDecimal;
import java.time.Duration;

/** Another agent held the apply lock for longer than this one was willing to wait. */
public final class ConcurrentApplyException extends EngineException {

    private final Duration waited;

    public ConcurrentApplyException(Duration waited, Throwable cause) {
        super(Kind.RUNTIME, "another pgstate agent is applying to this cluster (waited " + seconds(waited) + " s)",
                cause);
        this.waited = waited;
    }

    public Duration waited() {
        return waited;
    }

    private static String seconds(Duration waited) {
        return BigDecimal.valueOf(waited.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
