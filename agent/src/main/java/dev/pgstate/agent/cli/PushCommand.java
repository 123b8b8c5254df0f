package dev.pgstate.agent.cli;

import dev.pgstate.agent.fleet.Box;
import dev.pgstate.agent.fleet.BoxPush;
import dev.pgstate.agent.fleet.BoxResult;
import dev.pgstate.agent.fleet.Inventory;
import dev.pgstate.agent.fleet.PushDisplay;
import dev.pgstate.agent.fleet.PushReport;
import dev.pgstate.agent.fleet.Rollout;
import dev.pgstate.agent.fleet.Share;
import dev.pgstate.agent.fleet.SpecSigning;
import dev.pgstate.agent.fleet.SpecTemplate;
import dev.pgstate.agent.fleet.SshLogin;
import dev.pgstate.agent.trust.SignatureCheck;
import dev.pgstate.agent.trust.SignerKeys;
import dev.pgstate.agent.trust.SpecSignature;
import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code agent push}: the spec, rendered per box, to the boxes of an inventory over SSH; each box's own agent plans
 * and applies it. Exits 1 when any box failed (or was not reached or not started), else 2 when only planning and a
 * box has changes pending, else 0.
 */
@Command(name = "push", description = "Push the spec to the boxes of an inventory over SSH; each box's agent plans "
        + "and applies it.")
final class PushCommand extends Verb {

    @Mixin
    InventoryOption files;

    @Option(names = "--limit", arity = "1..*", paramLabel = "GROUP|BOX",
            description = "Only these boxes and groups (default: every box of the inventory).")
    List<String> limits = new ArrayList<>();

    @Option(names = "--plan-only", description = "Upload and plan on every box, apply nowhere: the fleet's drift report.")
    boolean planOnly;

    @Option(names = "--via-daemon", description = "Leave the apply to the box's daemon (agent run): put the spec in "
            + "place, reload the daemon if the box has a daemon_reload_command, and wait for the daemon's report of a "
            + "cycle that read it.")
    boolean viaDaemon;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "5",
            description = "Boxes changed at the same time (default: ${DEFAULT-VALUE}); as many more log in and plan "
                    + "ahead of their turn, changing nothing.")
    int parallel;

    /** {@code --canary none}: no box is pushed to alone first. */
    private static final String NO_CANARY = "none";

    @Option(names = "--canary", paramLabel = "BOX|none",
            description = "The box pushed to alone, before any other (default: the first box); none: no box alone, "
                    + "the first batch starts at once.")
    String canary;

    @Option(names = "--batch", paramLabel = "N|P%", converter = ShareConverter.class,
            description = "After the canary, boxes in batches of N (or P%% of the boxes), each finished before the "
                    + "next starts (default: one batch).")
    Share batch;

    @Option(names = "--max-failures", paramLabel = "N|P%", converter = ShareConverter.class,
            description = "Start no more boxes once more than N (or P%% of the boxes) failed (default: no limit); "
                    + "0 stops after the canary fails.")
    Share maxFailures;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "The most one box may take, connecting to apply (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
            description = "Connection attempts after a refused, dropped or timed-out one (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-delay", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Wait before the first retry, doubled for each next (default: ${DEFAULT-VALUE}).")
    Duration retryDelay;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Host keys to check the boxes against (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new", description = "Add the key of a box that known_hosts does not list yet (as "
            + "OpenSSH's StrictHostKeyChecking=accept-new); a changed key is still refused.")
    boolean acceptNew;

    @Option(names = "--passphrase-env", paramLabel = "NAME",
            description = "The environment variable holding the passphrase of encrypted identity files.")
    String passphraseEnv;

    @Option(names = "--config", paramLabel = "FILE", description = "This machine's agent configuration: the spec "
            + "must carry a signature by one of its trust.spec_signers (default: /etc/pgstate/agent.yaml when it "
            + "exists).")
    Path config;

    @Option(names = "--sign-key", paramLabel = "FILE", description = "The owner's Ed25519 private key: the spec must "
            + "be signed with it (agent sign), and each box's rendered spec is signed with it for the box.")
    Path signKey;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || retries < 0) {
            throw new AgentException(ExitCode.USAGE, "--parallel must be 1 or more and --retries 0 or more");
        }
        if (planOnly && viaDaemon) {
            throw new AgentException(ExitCode.USAGE, "--plan-only and --via-daemon exclude each other: a plan-only "
                    + "push leaves the daemon's spec alone");
        }
        PrintWriter err = stderr();
        Inventory inventory = files.loadInventory();
        List<Box> boxes;
        try {
            boxes = inventory.select(limits);
        } catch (IllegalArgumentException e) {
            throw new AgentException(ExitCode.USAGE, e.getMessage());
        }
        Rollout.Canary rolloutCanary = canary(boxes);
        Optional<Ed25519PrivateKeyParameters> key = Optional.ofNullable(signKey).map(PushCommand::privateKey);
        Specs.ContentCheck check = SpecOption.contentCheck(config);
        if (key.isPresent()) {
            check = both(check, signedWith(key.get()));
        }
        SpecTemplate template = files.loadSpec(check);
        SpecSigning signing = key.map(SpecSigning::with)
                .orElseGet(() -> SpecSigning.carrying(template.bytes(), signatureOf(template.file())));
        Map<Box, String> specs = render(template, boxes);
        template.unusedVariables(boxes).forEach(warning -> err.println("warning: " + warning));
        SshLogin login = login(boxes);

        AtomicBoolean interrupted = new AtomicBoolean();
        Signals.on("INT", () -> {
            interrupted.set(true);
            err.println("interrupted: no more boxes are started; waiting for those in flight");
            err.flush();
        });
        PushDisplay display = new PushDisplay(err, System.console() != null && !format.json(), boxes.size());
        BoxPush.Mode mode = planOnly ? BoxPush.Mode.PLAN_ONLY : viaDaemon ? BoxPush.Mode.VIA_DAEMON
                : BoxPush.Mode.APPLY;
        List<BoxResult> results = new Rollout(
                new BoxPush(login, mode, timeout, new BoxPush.Retries(retries, retryDelay),
                        AgentCommand.Version.number(), signing),
                new Rollout.Options(parallel, rolloutCanary, Optional.ofNullable(batch),
                        Optional.ofNullable(maxFailures)),
                display, interrupted).run(specs);
        display.close();

        PushReport report = new PushReport(results, mode);
        stdout().print(format.json() ? report.json() : report.text());
        if (results.stream().anyMatch(result -> result.status().failed())) {
            return ExitCode.RUNTIME_ERROR.code();
        }
        boolean pending = results.stream().anyMatch(result -> result.status() == BoxResult.Status.PENDING);
        return (pending ? ExitCode.CHANGES_PENDING : ExitCode.OK).code();
    }

    private static Ed25519PrivateKeyParameters privateKey(Path file) {
        try {
            return SignerKeys.privateKey(file, FileTrust.ofThisProcess());
        } catch (SignerKeys.KeyException e) {
            throw new AgentException(ExitCode.USAGE, "--sign-key: " + e.getMessage(), e);
        }
    }

    private Rollout.Canary canary(List<Box> boxes) {
        boolean named = canary != null && boxes.stream().anyMatch(box -> box.name().equals(canary));
        if (NO_CANARY.equals(canary)) {
            if (named) {
                throw new AgentException(ExitCode.USAGE, "--canary none: a box is named none; to push to it alone "
                        + "first, rename it in the inventory");
            }
            return Rollout.Canary.NONE;
        }
        if (canary != null && !named) {
            throw new AgentException(ExitCode.USAGE, "--canary " + canary + " is not one of the boxes pushed to");
        }
        return canary == null ? Rollout.Canary.FIRST : Rollout.Canary.named(canary);
    }

    /** Push re-signs, box by box, only what the key's owner signed: a spec changed since is refused. */
    private Specs.ContentCheck signedWith(Ed25519PrivateKeyParameters key) {
        Ed25519PublicKeyParameters publicKey = key.generatePublicKey();
        String fingerprint = SignerKeys.fingerprint(publicKey);
        return new SignatureCheck(List.of(new SignerKeys.Signer(publicKey, fingerprint)), "the key of --sign-key "
                + signKey + " (" + fingerprint + ")", "push --sign-key signs for the boxes only a spec signed with "
                + "that key");
    }

    private static Specs.ContentCheck both(Specs.ContentCheck first, Specs.ContentCheck second) {
        return (file, content) -> {
            first.check(file, content);
            second.check(file, content);
        };
    }

    /** The spec file's own signature, which a box whose spec is the file byte for byte can check. */
    private static Optional<String> signatureOf(Path spec) {
        Path file = SpecSignature.fileFor(spec);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII))
                    : Optional.empty();
        } catch (IOException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every box's spec before any connection: one box's bad variable stops the push before a box is touched. */
    private static Map<Box, String> render(SpecTemplate template, List<Box> boxes) {
        Map<Box, String> specs = new LinkedHashMap<>();
        List<SpecProblem> problems = new ArrayList<>();
        for (Box box : boxes) {
            try {
                specs.put(box, template.render(box));
            } catch (SpecException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return specs;
    }

    private SshLogin login(List<Box> boxes) {
        Optional<String> passphrase = Optional.empty();
        if (passphraseEnv != null) {
            passphrase = Optional.ofNullable(agent.env().get(passphraseEnv));
            if (passphrase.isEmpty()) {
                throw new AgentException(ExitCode.USAGE, "--passphrase-env " + passphraseEnv + ": no such variable");
            }
        }
        Path hosts = knownHosts != null ? knownHosts
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        SshLogin login;
        try {
            login = SshLogin.of(hosts, acceptNew, passphrase, agent.env(), FileTrust.ofThisProcess());
        } catch (IllegalStateException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, e.getMessage(), e);
        }
        List<String> problems = login.problems(boxes);
        if (!problems.isEmpty()) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, String.join("\n", problems));
        }
        return login;
    }

    /** {@code N} or {@code P%}. */
    static final class ShareConverter implements ITypeConverter<Share> {
        @Override
        public Share convert(String value) {
            try {
                return Share.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
