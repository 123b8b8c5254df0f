package dev.pgstate.agent.fleet;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import dev.pgstate.model.files.FileTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a push logs in to its boxes: host keys checked against known_hosts, the box's identity file (with the
 * passphrase given, if any) or else the keys ssh-agent holds. Failures come back in words naming the box's address
 * and the cause, classified as unreachable (worth trying again) or not.
 */
public final class SshLogin {

    private final KnownHostKeys hostKeys;
    private final Optional<String> passphrase;
    private final Map<String, String> env;
    private final FileTrust trust;

    private SshLogin(KnownHostKeys hostKeys, Optional<String> passphrase, Map<String, String> env, FileTrust trust) {
        this.hostKeys = hostKeys;
        this.passphrase = passphrase;
        this.env = Map.copyOf(env);
        this.trust = trust;
    }

    /**
     * @param knownHosts the known_hosts file (the user's ~/.ssh/known_hosts by default)
     * @param acceptNew  add the key of a host the file does not know yet, as OpenSSH's accept-new
     * @param passphrase for identity files that are encrypted
     * @param env        where SSH_AUTH_SOCK is looked up, for boxes without an identity file
     * @throws IllegalStateException when the known_hosts file cannot be read
     */
    public static SshLogin of(Path knownHosts, boolean acceptNew, Optional<String> passphrase, Map<String, String> env,
            FileTrust trust) {
        try {
            return new SshLogin(KnownHostKeys.of(knownHosts, acceptNew), passphrase, env, trust);
        } catch (BoxFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * What would stop logging in to any of {@code boxes} before a connection is made: an identity file others may read
     * or that is missing, or no identity file and no ssh-agent.
     */
    public List<String> problems(List<Box> boxes) {
        List<String> problems = new ArrayList<>();
        for (Box box : boxes) {
            if (box.identityFile().isPresent()) {
                trust.fileProblem(box.identityFile().get(), FileTrust.Readers.OWNER_ONLY)
                        .ifPresent(problem -> problems.add("box " + box.name() + ": identity_file: " + problem));
            } else if (env.get("SSH_AUTH_SOCK") == null) {
                problems.add("box " + box.name() + ": no identity_file and no ssh-agent (SSH_AUTH_SOCK is not set)");
            }
        }
        return problems;
    }

    /** A logged-in session to {@code box}; the caller disconnects it. */
    Session open(Box box, Duration connectTimeout) throws BoxFailure {
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(hostKeys);
        try {
            if (box.identityFile().isPresent()) {
                jsch.addIdentity(box.identityFile().get().toString(),
                        passphrase.map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(null));
                // JSch keeps a key it could not decrypt and only fails the login later, as if the box refused it
                if (jsch.getIdentityRepository().getIdentities().stream().anyMatch(Identity::isEncrypted)) {
                    throw BoxFailure.failed("identity file " + box.identityFile().get() + " is encrypted and "
                            + (passphrase.isEmpty() ? "no passphrase was given (--passphrase-env)"
                            : "the passphrase given does not decrypt it"));
                }
            } else {
                jsch.setIdentityRepository(new AgentIdentityRepository(
                        new SSHAgentConnector(Path.of(env.get("SSH_AUTH_SOCK")))));
            }
        } catch (JSchException e) {
            throw BoxFailure.failed("cannot use identity file " + box.identityFile().orElseThrow() + ": "
                    + e.getMessage());
        } catch (AgentProxyException | RuntimeException e) {
            throw BoxFailure.failed("cannot use ssh-agent at " + env.get("SSH_AUTH_SOCK") + ": " + e.getMessage());
        }
        try {
            Session session = jsch.getSession(box.user(), box.host(), box.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setServerAliveInterval(15_000);
            session.setServerAliveCountMax(4);
            session.connect((int) Math.max(1, connectTimeout.toMillis()));
            return session;
        } catch (JSchException e) {
            throw classify(box, e);
        }
    }

    private BoxFailure classify(Box box, JSchException e) {
        String where = box.address();
        if (e instanceof JSchChangedHostKeyException) {
            return BoxFailure.failed("the host key of " + where + " has CHANGED since it was recorded in "
                    + hostKeys.file() + ": someone may be intercepting the connection, or the box was reinstalled; "
                    + "not connecting (check the new key, then replace its line in " + hostKeys.file() + ")");
        }
        if (e instanceof JSchUnknownHostKeyException) {
            return BoxFailure.failed("the host key of " + where + " is not in " + hostKeys.file()
                    + "; not connecting to an unknown host (check its fingerprint and add it, or push with "
                    + "--accept-new)");
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnknownHostException) {
            return BoxFailure.unreachable("host name " + box.host() + " does not resolve", false);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return BoxFailure.unreachable("cannot connect to " + where + ": " + cause.getMessage(), true);
        }
        if (cause instanceof SocketTimeoutException || e.getMessage().contains("timeout")) {
            return BoxFailure.unreachable("no answer from " + where + " in time: " + e.getMessage(), true);
        }
        if (cause instanceof SocketException || cause instanceof IOException
                || e.getMessage().contains("connection is closed by foreign host")) {
            return BoxFailure.unreachable("the connection to " + where + " broke: " + e.getMessage(), true);
        }
        if (e.getMessage().startsWith("Auth fail") || e.getMessage().startsWith("USERAUTH fail")) {
            return BoxFailure.failed("login refused by " + where + " with "
                    + box.identityFile().map(Path::toString).orElse("the keys of ssh-agent") + " (" + e.getMessage()
                    + ")");
        }
        return BoxFailure.failed("ssh to " + where + " failed: " + e.getMessage());
    }
}
