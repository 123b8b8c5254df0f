package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;

/**
 * How the agent itself logs in to the role it connects as: with {@code password} (PGPASSWORD), or, when that is
 * null, without one (peer, trust, a certificate), so that neither the role's password nor its expiry matters to it.
 */
public record AgentLogin(Secret password) {

    /** Peer, trust or certificate: no password involved. */
    public static final AgentLogin WITHOUT_PASSWORD = new AgentLogin(null);

    public static AgentLogin withPassword(String password) {
        return password == null ? WITHOUT_PASSWORD : new AgentLogin(Secret.of(password.toCharArray()));
    }

    public boolean usesPassword() {
        return password != null;
    }

    /** Whether {@code other} logs in the same way: both without a password, or both with the same one. */
    public boolean sameAs(AgentLogin other) {
        return password == null ? other.password == null : other.password != null && password.sameAs(other.password);
    }

    /** Whether the agent's password still logs in once the role has {@code desired}; one PBKDF2 for a verifier. */
    public boolean keepsWorkingWith(DesiredPassword desired) {
        if (desired instanceof DesiredPassword.Plaintext plaintext) {
            return plaintext.secret().sameAs(password);
        }
        return desired instanceof DesiredPassword.Verifier verifier && Scram.matches(password, verifier.verifier());
    }
}
