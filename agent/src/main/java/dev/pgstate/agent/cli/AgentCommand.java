package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.EngineSettings;
import dev.pgstate.reconcilers.facade.SessionOpener;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code agent}: the top command; it only dispatches to its verbs. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = "Makes a PostgreSQL server match a desired-state spec: roles, memberships, databases, server "
                + "settings, pg_hba.conf and TLS material.")
public final class AgentCommand implements Runnable {

    /** The verbs, in the order help lists them; {@link Main} adds them. */
    static final List<Class<?>> VERBS = List.of(ValidateCommand.class, LintCommand.class, AuditCommand.class,
            PlanCommand.class, ApplyCommand.class, ExportCommand.class, ExplainCommand.class, RunCommand.class,
            IssueClientCertCommand.class, RevokeClientCertCommand.class, SchemaCommand.class, RenderCommand.class,
            PushCommand.class, SignCommand.class);

    private final EngineSettings engine;

    @Spec
    CommandSpec spec;

    public AgentCommand(Map<String, String> env) {
        this(env, SessionOpener.PGJDBC);
    }

    /** @param opener how the verbs open sessions: {@link SessionOpener#PGJDBC}, or a test's kept session */
    public AgentCommand(Map<String, String> env, SessionOpener opener) {
        this.engine = EngineSettings.of(env).withOpener(Objects.requireNonNull(opener, "opener"));
    }

    /** The engine the verbs work through, with this command line's environment, clock and sessions. */
    Engine engine() {
        return new Engine(engine);
    }

    /** The PG* variables (and the rest of the environment) the verbs resolve connections from. */
    public Map<String, String> env() {
        return engine.env();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The version in the jar's manifest; a build from the IDE has none. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgstate agent " + number()};
        }

        /** The version number, or {@code (development build)} outside a packaged jar. */
        static String number() {
            String version = AgentCommand.class.getPackage().getImplementationVersion();
            return version == null ? "(development build)" : version;
        }
    }
}
