package dev.pgstate.reconcilers.kind.setting;

/**
 * One row of {@code pg_file_settings}: a parameter line as the config files on disk say now (not necessarily
 * loaded yet), in the order the server reads them ({@code seqno}); the last line for a name wins.
 * {@code error} is the server's complaint about the line, or null. {@code inAgentBlock}: the line is inside the
 * agent's block in postgresql.conf, so it is the agent's to remove; the view cannot tell, the file's markers can.
 */
public record FileSetting(String sourcefile, int sourceline, int seqno, String name, String setting, boolean applied,
                          String error, boolean inAgentBlock) {

    /** A line outside the agent's block. */
    public FileSetting(String sourcefile, int sourceline, int seqno, String name, String setting, boolean applied,
                       String error) {
        this(sourcefile, sourceline, seqno, name, setting, applied, error, false);
    }
}
