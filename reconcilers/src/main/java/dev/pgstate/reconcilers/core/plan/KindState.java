package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.Spec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What one kind read of the server, which plans itself against a spec and writes itself into an exported spec; the
 * engine holds it without knowing its kind ({@link ManagedKind#read}).
 */
public interface KindState {

    /** Nothing read: plans nothing and exports nothing. */
    KindState NOTHING = new KindState() {
        @Override
        public void plan(PlanContext context, Findings findings) {
        }

        @Override
        public Spec export(Spec exported) {
            return exported;
        }

        @Override
        public boolean plansFromInputsAlone(Spec spec) {
            return true;
        }
    };

    /**
     * What a kind read ({@code live}), planned and exported by two pure functions of it: the state of a kind that
     * needs nothing else to plan (extensions, schemas).
     */
    static <L> KindState of(L live, Planning<L> planning, BiFunction<Spec, L, Spec> exporting) {
        return new Read<>(live, planning, exporting);
    }

    /** What the kind whose state is a {@code type} read, among what the kinds read ({@code read}), if it was read. */
    static <T extends KindState> Optional<T> find(List<KindState> read, Class<T> type) {
        return read.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** How a kind plans from what it read. */
    @FunctionalInterface
    interface Planning<L> {
        void plan(L live, Spec spec, Findings findings);
    }

    /** Adds to {@code findings} the changes, manual actions, warnings and problems that make the server match. */
    void plan(PlanContext context, Findings findings);

    /** {@code exported} with this state written into it, so that planning the result against the server is empty. */
    Spec export(Spec exported);

    /**
     * Which objects of this kind exist once {@code planned} is applied: named present in it, or on the server and not
     * named absent; asked by the kinds that need this one ({@link PlanContext#existsAfterPlan}). None by default.
     */
    default Predicate<Address> existingAfter(Spec planned) {
        return address -> false;
    }

    /**
     * What {@code spec} asks of this kind that the server cannot give, each a problem naming the spec's field; asked
     * in the agent's {@code session} before planning, so that it is the spec's mistake at plan time, not a statement
     * failing halfway through an apply (a new database's locale the box lacks). None by default.
     */
    default List<String> refusals(Spec spec, Connection session) throws SQLException {
        return List.of();
    }

    /**
     * What, in {@code plan}, would keep the server from starting (a library to preload that is not installed, a port
     * taken), each a problem naming the spec's field; asked in the agent's {@code session} once the plan is made and
     * before anything is written, so that a server is never restarted into a configuration it cannot start with.
     * None by default.
     */
    default List<String> startProblems(Spec spec, Plan plan, Connection session) throws SQLException {
        return List.of();
    }

    /**
     * The objects of this kind on the server that {@code spec} does not name and its unmanaged policy does not
     * ignore; none by default.
     */
    default List<UnmanagedObject> unmanaged(Spec spec) {
        return List.of();
    }

    /**
     * {@code planned} with each object of this kind among {@code drifting} that may be dropped added as absent, so
     * that it is dropped with every safety an absent object of this kind has (the spec's {@code drop: true}).
     */
    default Spec withDrops(Spec planned, List<UnmanagedObject> drifting) {
        return planned;
    }

    /**
     * The text of each object of this kind that a plan against {@code spec} was made from, by address, which a saved
     * plan keeps a keyed digest of so that, found stale, it names what moved; {@code read} is what every kind read
     * (parameters the TLS kind's material sets count as managed). Only what could change the plan: none by default.
     */
    default Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        return Map.of();
    }

    /**
     * Whether this state plans {@code spec} from its inputs alone: the spec, the passwords, the agent's login and what
     * every kind read (equal inputs by {@code equals}), and reads nothing else while planning (no clock, no file, no
     * name lookup), at least for a plan it finds nothing to change in. A planner may then give that same plan again
     * for equal inputs without planning (the daemon's idle cycles), so a state that cannot promise it says false, the
     * default.
     */
    default boolean plansFromInputsAlone(Spec spec) {
        return false;
    }

    /** The certificates on the box this state knows of, for the expiry metric ({@link Plan#certificates}). */
    default List<KnownCertificate> known() {
        return List.of();
    }

    /**
     * What this state holds that {@link #export} could not write into a spec, each a line naming it and why (an
     * include directive in pg_hba.conf, a parameter set on the server's command line): said to the person exporting,
     * never dropped in silence.
     */
    default List<String> notExported() {
        return List.of();
    }

    /**
     * Where exported values come from, by the spec key they are written under: {@code server.settings.work_mem} →
     * {@code /etc/postgresql/16/main/postgresql.conf:12}, written beside them as comments.
     */
    default Map<String, String> origins() {
        return Map.of();
    }

    /** See {@link #of}. */
    record Read<L>(L live, Planning<L> planning, BiFunction<Spec, L, Spec> exporting) implements KindState {

        @Override
        public void plan(PlanContext context, Findings findings) {
            planning.plan(live, context.spec(), findings);
        }

        @Override
        public Spec export(Spec exported) {
            return exporting.apply(exported, live);
        }

        /** {@code planning} is a function of what was read and the spec alone. */
        @Override
        public boolean plansFromInputsAlone(Spec spec) {
            return true;
        }
    }
}
