package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestChunksTest {
    @Test
    void theChunksAreTheRequestInPiecesOfOneTlsRecordThatShareItsMemory() {
        byte[] request = new byte[2 * RequestChunks.CHUNK_BYTES + 100];
        new Random(7).nextBytes(request);
        ByteBuf shared = Unpooled.directBuffer(request.length).writeBytes(request);
        try {
            RequestChunks chunks = new RequestChunks(shared);
            assertThat(shared.refCnt()).as("held by the write").isEqualTo(2);
            assertThat(chunks.length()).isEqualTo(request.length);

            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            int pieces = 0;
            while (!chunks.isEndOfInput()) {
                ByteBuf piece = chunks.readChunk(ByteBufAllocator.DEFAULT);
                assertThat(piece.readableBytes()).isLessThanOrEqualTo(RequestChunks.CHUNK_BYTES);
                assertThat(root(piece))
                        .as("a view of the shared bytes, not a copy")
                        .isSameAs(root(shared));
                sent.writeBytes(ByteBufUtil.getBytes(piece));
                piece.release(); // as the TLS handler does once it has encrypted it
                pieces++;
                assertThat(chunks.progress()).isEqualTo(sent.size());
            }
            assertThat(pieces).isEqualTo(3);
            assertThat(sent.toByteArray()).isEqualTo(request);
            assertThat(chunks.readChunk(ByteBufAllocator.DEFAULT)).isNull();

            chunks.close();
            chunks.close(); // the handler may close it again, as a failed write does
            assertThat(shared.refCnt()).as("given back once").isEqualTo(1);
            // The shared copy is never moved: the next write reads it from its start.
            assertThat(shared.readerIndex()).isZero();
        } finally {
            shared.release();
        }
    }

    private static ByteBuf root(ByteBuf b) {
        ByteBuf root = b;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root;
    }
}
