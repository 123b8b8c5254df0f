package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStates;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.StoredPassword;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Password checks remembered between plans of one planner, and spread over every core with the same outcome. */
class PasswordVerdictsTest {

    private static final ServerInfo PG18 = new ServerInfo(180001, "postgres", "postgres");
    private static final int ROLES = 24;
    /** Every role's secret and the verifier the server stores for it; every third stored from another secret. */
    private static final List<Secret> SECRETS = IntStream.range(0, ROLES)
            .mapToObj(i -> Secret.of(("secret " + i).toCharArray())).toList();
    private static final List<ScramVerifier> STORED = IntStream.range(0, ROLES)
            .mapToObj(i -> Scram.verifier(i % 3 == 0 ? Secret.of("stale".toCharArray()) : SECRETS.get(i), 4096))
            .toList();

    private final AtomicInteger pbkdf2Runs = new AtomicInteger();
    private final PasswordCheck countingScram = (plaintext, stored) -> {
        pbkdf2Runs.incrementAndGet();
        return PasswordCheck.SCRAM.matches(plaintext, stored);
    };

    @Test
    void aSecondPlanWithTheSameSecretsAndVerifiersRunsNoPbkdf2() {
        Planner planner = new Planner(Kinds.planInputs(PasswordVerdicts.checkingWith(countingScram)));

        Plan first = planner.plan(spec(), live(STORED), passwords(SECRETS));
        assertThat(pbkdf2Runs).hasValue(ROLES);
        Plan second = planner.plan(spec(), live(STORED), passwords(SECRETS));

        assertThat(pbkdf2Runs).hasValue(ROLES);
        assertThat(second).isEqualTo(first);
        assertThat(second.changes()).hasSize(ROLES / 3);
    }

    /** Checks begin on other threads and the planner goes on; the first outcome asked for waits for them all. */
    @Test
    @Timeout(30) // a start that waited for its checks would wait for ever
    void startingChecksNeverWaitsForThemAndTheirOutcomesDo() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        PasswordVerdicts verdicts = PasswordVerdicts.checkingWith((plaintext, stored) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PasswordCheck.SCRAM.matches(plaintext, stored);
        });
        List<PasswordVerdicts.Pending> pending = IntStream.range(0, 4)
                .mapToObj(i -> new PasswordVerdicts.Pending(user(i), SECRETS.get(i), STORED.get(i))).toList();

        PasswordVerdicts.Checking checks = verdicts.start(pending); // returns with every check held back
        assertThat(checks.computes(user(1))).isTrue();
        release.countDown();

        assertThat(checks.outcomes()).containsExactlyInAnyOrderEntriesOf(
                Map.of(user(0), false, user(1), true, user(2), true, user(3), false));
    }

    @Test
    void aCheckThatFailsIsThrownToThePlanWaitingForItsOutcome() {
        PasswordVerdicts verdicts = PasswordVerdicts.checkingWith((plaintext, stored) -> {
            throw new IllegalStateException("this Java runtime's SHA-256 failed");
        });
        PasswordVerdicts.Checking checks = verdicts.start(
                List.of(new PasswordVerdicts.Pending(user(1), SECRETS.get(1), STORED.get(1))));

        assertThatThrownBy(checks::outcomes).isInstanceOf(IllegalStateException.class)
                .hasMessage("this Java runtime's SHA-256 failed");
    }

    @Test
    void aChangedSecretOrAReSetVerifierIsCheckedAgainAndNothingElse() {
        Planner planner = plannedOnce();

        List<Secret> rotated = replaced(SECRETS, 1, Secret.of("rotated".toCharArray()));
        Plan afterRotation = planner.plan(spec(), live(STORED), passwords(rotated));
        assertThat(pbkdf2Runs).hasValue(1);
        assertThat(afterRotation.changes()).extracting(Change::address).contains(RoleKind.address(user(1)));

        List<ScramVerifier> reSet = replaced(STORED, 1, Scram.verifier(rotated.get(1), 4096));
        Plan afterReSet = planner.plan(spec(), live(reSet), passwords(rotated));
        assertThat(pbkdf2Runs).hasValue(2);
        assertThat(afterReSet.changes()).extracting(Change::address).doesNotContain(RoleKind.address(user(1)));
    }

    @Test
    void checksKnownByTheirSecretObjectStayRememberedForTheNextProcess() {
        RememberedChecks remembered = RememberedChecks.inMemory();
        Planner planner = remembering(remembered);
        planner.plan(spec(), live(STORED), passwords(SECRETS));
        planner.plan(spec(), live(STORED), passwords(SECRETS)); // the same Secret objects: known without a fingerprint
        pbkdf2Runs.set(0);

        List<Secret> readAgain = SECRETS.stream().map(secret -> Secret.of(secret.chars())).toList();
        Plan another = remembering(remembered).plan(spec(), live(STORED), passwords(readAgain));

        assertThat(pbkdf2Runs).hasValue(0);
        assertThat(another.changes()).hasSize(ROLES / 3);
    }

    @Test
    void theSameSecretObjectAgainstAnotherVerifierIsCheckedAgain() {
        Planner planner = plannedOnce();

        // the role dropped and made again behind the agent's back with the same password: a new salt
        List<ScramVerifier> recreated = replaced(STORED, 2, Scram.verifier(SECRETS.get(2), 4096));
        List<ScramVerifier> stale = replaced(STORED, 4, Scram.verifier(Secret.of("other".toCharArray()), 4096));
        Plan afterRecreate = planner.plan(spec(), live(recreated), passwords(SECRETS));
        Plan afterAlter = planner.plan(spec(), live(stale), passwords(SECRETS));

        assertThat(pbkdf2Runs).hasValue(3); // role 2 once, then roles 2 (back to its old verifier) and 4
        assertThat(afterRecreate.changes()).extracting(Change::address).doesNotContain(RoleKind.address(user(2)));
        assertThat(afterAlter.changes()).extracting(Change::address).contains(RoleKind.address(user(4)));
    }

    @Test
    void aVerifierTheApplierMadeIsKnownToMatchWithoutAPbkdf2() {
        PasswordVerdicts verdicts = PasswordVerdicts.checkingWith(countingScram);
        Planner planner = new Planner(Kinds.planInputs(verdicts));
        List<ScramVerifier> madeByApply = SECRETS.stream().map(secret -> Scram.verifier(secret, 4096)).toList();
        IntStream.range(0, ROLES).forEach(i -> verdicts.rememberMatch(user(i), SECRETS.get(i), madeByApply.get(i)));

        Plan afterApply = planner.plan(spec(), live(madeByApply), passwords(SECRETS));

        assertThat(pbkdf2Runs).hasValue(0);
        assertThat(afterApply.changes()).isEmpty();
        planner.plan(spec(), live(STORED), passwords(SECRETS));
        assertThat(pbkdf2Runs).as("other verifiers are still checked").hasValue(ROLES);
    }

    @Test
    void onlyTheLatestPlansChecksAreRemembered() {
        Planner planner = new Planner(Kinds.planInputs(PasswordVerdicts.checkingWith(countingScram)));
        planner.plan(spec(), live(STORED), passwords(SECRETS));
        planner.plan(Spec.builder().roles(spec().roles().subList(0, 2)).build(), live(STORED), passwords(SECRETS));
        pbkdf2Runs.set(0);

        planner.plan(spec(), live(STORED), passwords(SECRETS));

        assertThat(pbkdf2Runs).hasValue(ROLES - 2);
    }

    @Test
    void checksOverEveryCoreGiveTheSamePlanAsOneAfterAnother() {
        Plan sequential = new Planner(Kinds.planInputs(new PasswordVerdicts(countingScram, PasswordVerdicts.Spread.SEQUENTIAL,
                RememberedChecks.inMemory())))
                .plan(spec(), live(STORED), passwords(SECRETS));
        Plan parallel = new Planner(Kinds.planInputs(PasswordVerdicts.checkingWith(countingScram)))
                .plan(spec(), live(STORED), passwords(SECRETS));

        assertThat(parallel).isEqualTo(sequential);
        assertThat(pbkdf2Runs).hasValue(2 * ROLES);
    }

    @Test
    void aPlanWithNoPasswordToCheckLeavesARecordOfNoneInTheStateDirectory(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state");
        Spec withoutPasswords = Spec.builder().roles(IntStream.range(0, ROLES).mapToObj(i -> RoleSpec.named(user(i)))
                .toList()).build();

        remembering(RememberedChecks.in(KeyedDirectory.in(state))).plan(withoutPasswords, live(STORED),
                DesiredPasswords.NONE);

        // the launcher then starts the next plan with the quick JIT, as after a plan that checked passwords
        assertThat(state.resolve(RememberedChecks.CHECKS_FILE)).isNotEmptyFile();
        assertThat(pbkdf2Runs).hasValue(0);
    }

    @Test
    void aPendingCheckShowsNeitherItsSecretNorItsVerifier() {
        String shown = new PasswordVerdicts.Pending(user(0), SECRETS.get(0), STORED.get(0)).toString();

        assertThat(shown).doesNotContain("secret 0").doesNotContain(STORED.get(0).text());
    }

    /** A planner that has checked every password once, with the count of checks set back to 0. */
    private Planner plannedOnce() {
        Planner planner = new Planner(Kinds.planInputs(PasswordVerdicts.checkingWith(countingScram)));
        planner.plan(spec(), live(STORED), passwords(SECRETS));
        pbkdf2Runs.set(0);
        return planner;
    }

    private Planner remembering(RememberedChecks remembered) {
        return new Planner(Kinds.planInputs(new PasswordVerdicts(countingScram, PasswordVerdicts.Spread.ALL_CORES,
                remembered)));
    }

    private static Spec spec() {
        return Spec.builder().roles(IntStream.range(0, ROLES).mapToObj(i -> RoleSpec.named(user(i)).withPassword(
                new PasswordSource.External(PasswordSource.Origin.FILE, "/secrets/" + user(i), null))).toList())
                .build();
    }

    private static DesiredPasswords passwords(List<Secret> secrets) {
        Map<String, DesiredPassword> byRole = new LinkedHashMap<>();
        IntStream.range(0, ROLES).forEach(i -> byRole.put(user(i), new DesiredPassword.Plaintext(secrets.get(i), 4096)));
        return new DesiredPasswords(byRole);
    }

    private static LiveState live(List<ScramVerifier> stored) {
        Map<String, LiveRole> roles = new LinkedHashMap<>();
        IntStream.range(0, ROLES).forEach(i -> roles.put(user(i), new LiveRole(user(i), 16400 + i, false, false,
                false, true, true, false, false, -1, Optional.empty(), StoredPassword.of(stored.get(i).text()))));
        return LiveStates.of(PG18, roles, List.of(), Map.of(), List.of());
    }

    private static <T> List<T> replaced(List<T> list, int index, T value) {
        return IntStream.range(0, list.size()).mapToObj(i -> i == index ? value : list.get(i)).toList();
    }

    private static String user(int i) {
        return "user" + i;
    }
}
