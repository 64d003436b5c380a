package dev.cutover.states;

/** The branches of one Parallel state or the iterations of one Map state: cancelled together on a failure. */
final class Group {

    final Group parent;
    volatile boolean cancelled;

    Group(Group parent) {
        this.parent = parent;
    }
}
