package dev.pgstate.reconcilers.kind.hba;

/**
 * One rule that is inserted ({@code fromLine} null), removed ({@code toLine} null) or moved, with its line
 * numbers in the old and the new file. Order matters in pg_hba.conf, so a moved rule is a change of its own.
 */
public record RuleMove(String rule, Integer fromLine, Integer toLine) {
}
