package dev.gale.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * One write of a large request over TLS, in pieces of {@value #CHUNK_BYTES} bytes that a {@link ChunkedWriteHandler}
 * hands to the TLS handler as the socket takes what came before. The TLS handler encrypts all it is given at once:
 * given the whole request, it made a copy as large as the body for every connection, encrypted, which the shared
 * plain bytes ({@link RunContext#sharedRequests}) were meant to spare. In pieces, a connection holds about the
 * channel's write-buffer high-water mark of encrypted bytes at a time.
 *
 * <p>Reads a duplicate of the run's shared copy of the request, which it holds until the handler closes it. Runs on
 * its connection's event loop.
 */
final class RequestChunks implements ChunkedInput<ByteBuf> {
    /** The most plain text of one TLS record (RFC 8446, 5.1): each piece is one record. */
    static final int CHUNK_BYTES = 16 * 1024;

    private final ByteBuf bytes;
    private final long length;
    private boolean closed;

    /** @param shared the run's copy of the request, which this retains */
    RequestChunks(ByteBuf shared) {
        this.bytes = shared.retainedDuplicate();
        this.length = bytes.readableBytes();
    }

    @Override
    public boolean isEndOfInput() {
        return !bytes.isReadable();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bytes.release();
        }
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    /** The next piece, which shares the request's memory; null at the end. */
    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (!bytes.isReadable()) {
            return null;
        }
        return bytes.readRetainedSlice(Math.min(CHUNK_BYTES, bytes.readableBytes()));
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return bytes.readerIndex();
    }
}
