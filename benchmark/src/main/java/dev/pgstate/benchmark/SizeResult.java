package dev.pgstate.benchmark;

/**
 * The figures for one spec size. Times are milliseconds; {@code cliPeakRssKb} is 0 when GNU time is not
 * installed to measure it.
 */
record SizeResult(
        int roles,
        int databases,
        int changesFromEmpty,
        double applyFromEmptyMs,
        double psqlFloorMs,
        double planInProcessMs,
        double planCliMs,
        double planCliWithCdsMs,
        long cliPeakRssKb,
        int driftChanges,
        int driftStatements,
        double driftApplyMs) {

    double applyOverFloor() {
        return applyFromEmptyMs / psqlFloorMs;
    }
}
