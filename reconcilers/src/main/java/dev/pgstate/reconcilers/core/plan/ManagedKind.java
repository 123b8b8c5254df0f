package dev.pgstate.reconcilers.core.plan;

import java.util.List;

/**
 * What each managed kind declares to the engine; one implementation lives in each kind's package and the registry
 * lists them. The kinds' needs order the plan ({@link ChangeOrder}); each change's own {@link Change#needs} says which
 * objects it needs, so that a failed change holds back exactly the changes that need it. How a change runs and with
 * which statements the change says itself ({@link Change#execution}, {@link Change#statements}).
 */
public interface ManagedKind {

    Kind kind();

    /**
     * The kinds whose objects this kind's changes may need: their creations and alterations run before this kind's,
     * their drops after. A change may need objects of its own kind and of these only.
     */
    List<Kind> needs();
}
