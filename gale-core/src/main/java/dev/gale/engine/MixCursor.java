package dev.gale.engine;

/**
 * One event loop's walk through the {@link RequestMix}: the requests the loop sends, one per arrival (or per
 * closed-model request), in the mix's order from the loop's own starting point. Not thread-safe: each event
 * loop owns its own. {@link #next} allocates nothing.
 */
interface MixCursor {
    /** The request (index in the plan) of the loop's next arrival; the order goes on across phases. */
    int next();
}
