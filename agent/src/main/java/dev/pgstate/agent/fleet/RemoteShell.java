package dev.pgstate.agent.fleet;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** Commands and one file upload over a logged-in session, each bounded by the box's deadline. */
final class RemoteShell implements AutoCloseable {

    /** Permission bits of the spec on the box: its agent refuses one that group or others may change. */
    static final int SPEC_MODE = 0600;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long POLL_MILLIS = 20;

    private final Session session;
    private final Instant deadline;

    RemoteShell(Session session, Instant deadline) {
        this.session = session;
        this.deadline = deadline;
    }

    /** What a command printed and how it ended. */
    record Exit(int code, String out, String err) {

        /** The first line of stderr, or of stdout when stderr is empty, for a report. */
        String firstLine() {
            String text = err.isBlank() ? out : err;
            return text.strip().lines().findFirst().orElse("(no output)");
        }
    }

    /** Runs {@code command} through the box's login shell, as OpenSSH's {@code ssh box command} does. */
    Exit run(String command, String stage) throws BoxFailure {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOutputStream(out);
            channel.setErrStream(err);
            channel.connect(remainingMillis(stage));
            while (!channel.isClosed()) {
                remainingMillis(stage);
                Thread.sleep(POLL_MILLIS);
            }
            return new Exit(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            throw BoxFailure.failed(stage + ": the SSH channel failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BoxFailure.failed(stage + ": interrupted");
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    /** A name beside {@code path}, in the same directory so that a rename puts it in place whole. */
    static String temporaryNameFor(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".pgstate-push-" + randomSuffix();
    }

    /**
     * Writes {@code content} to {@code path}, a name no one uses ({@link #temporaryNameFor} of {@code target}): made
     * {@value #SPEC_MODE} while still empty, so no one else can read it at any moment. A write that fails (a full
     * disk) removes what it wrote.
     */
    void write(byte[] content, String path, String target) throws BoxFailure {
        boolean created = false;
        try {
            ChannelSftp sftp = sftp();
            try {
                sftp.put(new ByteArrayInputStream(new byte[0]), path, ChannelSftp.OVERWRITE);
                created = true;
                sftp.chmod(SPEC_MODE, path);
                sftp.put(new ByteArrayInputStream(content), path, ChannelSftp.OVERWRITE);
            } finally {
                sftp.disconnect();
            }
        } catch (JSchException | SftpException e) {
            throw BoxFailure.failed("upload of " + target + " failed: " + e.getMessage()
                    + (created ? removed(path).map(left -> " (" + left + ")").orElse("") : ""));
        }
    }

    /** The bytes of {@code path} on the box; empty when there is no such file. */
    Optional<byte[]> read(String path) throws BoxFailure {
        try {
            ChannelSftp sftp = sftp();
            try (InputStream in = sftp.get(path)) {
                return Optional.of(in.readAllBytes());
            } finally {
                sftp.disconnect();
            }
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw BoxFailure.failed("reading " + path + " failed: " + e.getMessage());
        } catch (JSchException | IOException e) {
            throw BoxFailure.failed("reading " + path + " failed: " + e.getMessage());
        }
    }

    /** Sleeps {@code millis}, or less when the box's deadline comes first, after which this fails. */
    void pause(long millis, String stage) throws BoxFailure {
        try {
            Thread.sleep(Math.min(millis, remainingMillis(stage)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BoxFailure.failed(stage + ": interrupted");
        }
        remainingMillis(stage);
    }

    /** Renames {@code from} over {@code to} (POSIX rename: the old file is replaced in one step). */
    void rename(String from, String to) throws BoxFailure {
        try {
            ChannelSftp sftp = sftp();
            try {
                sftp.rename(from, to);
            } finally {
                sftp.disconnect();
            }
        } catch (JSchException | SftpException e) {
            throw BoxFailure.failed("renaming " + from + " to " + to + " failed: " + e.getMessage());
        }
    }

    private ChannelSftp sftp() throws JSchException, BoxFailure {
        ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
        sftp.connect(remainingMillis("upload"));
        return sftp;
    }

    /**
     * Removes {@code path} through a channel of its own (a failed one may still have replies in flight, which would
     * be taken for the removal's); what went wrong when it could not, for the report.
     */
    Optional<String> removed(String path) {
        try {
            ChannelSftp sftp = sftp();
            try {
                sftp.rm(path);
                return Optional.empty();
            } finally {
                sftp.disconnect();
            }
        } catch (SftpException e) {
            return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE ? Optional.empty()
                    : Optional.of(path + " is left on the box: " + e.getMessage());
        } catch (JSchException | BoxFailure e) {
            return Optional.of(path + " is left on the box: " + e.getMessage());
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private int remainingMillis(String stage) throws BoxFailure {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
            session.disconnect();
            throw BoxFailure.failed(stage + ": timed out (the box's --timeout passed)");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
