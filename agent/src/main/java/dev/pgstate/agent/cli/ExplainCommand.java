package dev.pgstate.agent.cli;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.conf.NumericAddress;
import dev.pgstate.reconcilers.connect.ConnectionSettings;
import dev.pgstate.reconcilers.connect.Connector;
import dev.pgstate.reconcilers.hba.Explainer;
import dev.pgstate.reconcilers.hba.Verdict;
import dev.pgstate.reconcilers.live.HbaReader;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.live.LiveStateReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent explain}: which pg_hba.conf line a connection would meet, and why every earlier rule does not
 * match. Exits 0 when a rule lets the connection go on to authenticate, 1 when none matches or it is rejected.
 */
@Command(name = "explain", description = "Show which pg_hba.conf rule a connection meets and why earlier rules do not match.")
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user the client connects as.")
    String user;

    @Option(names = "--database", required = true, paramLabel = "DB", description = "The database the client asks for.")
    String database;

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    /** Over the socket, or over TCP from an address. */
    static final class From {
        @Option(names = "--local", description = "Over the Unix socket.")
        boolean local;

        @Option(names = "--address", paramLabel = "ADDRESS", description = "Over TCP from this numeric IP address.")
        String address;
    }

    @Option(names = "--ssl", description = "The TCP connection uses SSL.")
    boolean ssl;

    @Option(names = "--spec", paramLabel = "FILE", description = "Evaluate the file this spec would write instead of the live one.")
    Path specFile;

    // Not the ConnectionOptions mixin: --user here is the client being explained, not the agent's login.
    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host or socket directory to read from (PGHOST).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (PGPORT, default 5432).")
    Integer port;

    @Option(names = {"-U", "--connect-as"}, paramLabel = "USER", description = "User the agent connects as to read the server (PGUSER).")
    String connectAs;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME", description = "Database the agent connects to (PGDATABASE).")
    String dbname;

    @Mixin
    CommonOptions common;

    @ParentCommand
    AgentCommand agent;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        HbaClient client = client();
        Spec spec = specFile == null ? null : Specs.load(specFile);
        HbaSpec hba = spec == null ? null : spec.hba();
        if (spec != null && hba == null) {
            throw new AgentException(ExitCode.USAGE, specFile + " has no hba section to evaluate");
        }
        Connector connector = new Connector(settings(spec == null ? ConnectionSpec.EMPTY : spec.connection()));
        Verdict verdict;
        Path file;
        try (Connection session = connector.connect()) {
            LiveState live = new LiveStateReader().read(session).withHba(new HbaReader().read(session));
            file = live.hba().file();
            verdict = new Explainer().explain(live, hba, client);
        }
        print(verdict, file, command.commandLine().getOut());
        return (verdict.letsIn() ? ExitCode.OK : ExitCode.RUNTIME_ERROR).code();
    }

    private ConnectionSettings settings(ConnectionSpec fromSpec) {
        return ConnectionOptions.resolve(new ConnectionSettings(host, port, connectAs, dbname, null, null, null, null,
                null, null, null), agent.env(), fromSpec);
    }

    private HbaClient client() {
        if (from.local) {
            if (ssl) {
                throw new ParameterException(command.commandLine(), "--ssl needs --address: there is no SSL over the socket");
            }
            return HbaClient.socket(user, database);
        }
        if (NumericAddress.parse(from.address).isEmpty()) {
            throw new ParameterException(command.commandLine(), "--address must be a numeric IP address, not " + from.address);
        }
        return HbaClient.tcp(from.address, ssl, user, database);
    }

    private void print(Verdict verdict, Path file, PrintWriter out) {
        out.println("A connection " + verdict.client().describe() + ", checked against "
                + (specFile == null ? file : file + " as " + specFile + " would write it") + ":");
        for (Verdict.Miss miss : verdict.misses()) {
            out.println("  " + where(miss.line()) + "  " + ruleText(miss.line()));
            out.println("      does not match: " + miss.why());
        }
        verdict.match().ifPresentOrElse(line -> {
            out.println("  " + where(line) + "  " + ruleText(line));
            out.println("      matches");
        }, () -> out.println("  no rule matches"));
        String conclusion = verdict.match().isEmpty()
                ? "refused: no rule matches, so the server answers \"no pg_hba.conf entry\""
                : verdict.letsIn() ? "allowed to authenticate with method " + verdict.matchedRule().orElseThrow().effectiveMethod()
                : "refused: the first matching rule is reject";
        out.println(conclusion);
        if (verdict.misses().stream().anyMatch(Verdict.Miss::undecided)) {
            out.println("note: host-name rules were not evaluated (no DNS lookups); the server may decide them differently");
        }
    }

    private static String where(HbaTree.Located line) {
        return line.where() + ":";
    }

    private static String ruleText(HbaTree.Located line) {
        return line.line().raw().strip();
    }
}
