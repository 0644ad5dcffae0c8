/**
 * The engine: Netty event loops, each owning a stripe of the schedule, one connection pool per target and
 * its own recorders; the HTTP/1.1 request encoder and response parser. The only package that sees Netty.
 *
 * <p>Threading: everything below {@link dev.gale.engine.Run} runs on the event loop that owns it; nothing
 * on the request path takes a lock or allocates per request.
 */
package dev.gale.engine;
